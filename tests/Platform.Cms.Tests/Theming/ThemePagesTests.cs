using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Platform.Core.Data;
using Platform.Testing;

namespace Platform.Cms.Tests.Theming;

/// <summary>Themes on real pages: a region picks a theme, a theme overrides a module template by path, errors show the theme's error view.</summary>
public sealed class ThemePagesTests : IDisposable
{
    private readonly string _themes = CopyThemes();
    private readonly PlatformFactory _host;

    public ThemePagesTests() => _host = new PlatformFactory(DatabaseKind.Sqlite, themesPath: _themes);

    private static string CopyThemes()
    {
        var target = Directory.CreateTempSubdirectory("platform-themes-").FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "themes"), "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "themes"), file);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }
        return target;
    }

    private void WriteTheme(string theme, string path, string text)
    {
        var file = Path.Combine(_themes, theme, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }

    [Fact]
    public async Task A_region_theme_overrides_a_module_template_by_path_and_children_inherit_it()
    {
        WriteTheme("Spring", "templates/Alpha/index.sbn", "<p id=\"spring\">春天主题：{{ notes.size }} 条</p>");
        var admin = await _host.CreateAdminAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/v1/regions/511000/theme", new { theme = "Nope" })).StatusCode);
        (await admin.PutAsJsonAsync("/api/v1/regions/511000/theme", new { theme = "Spring" })).EnsureSuccessStatusCode();

        var county = await _host.CreateClient().GetStringAsync("/r/511002/alpha/");
        Assert.Contains("春天主题：0 条", county, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"zh-CN\">", county, StringComparison.Ordinal); // the default layout still wraps it
        var elsewhere = await _host.CreateClient().GetStringAsync("/r/330100/alpha/");
        Assert.Contains("id=\"notes\"", elsewhere, StringComparison.Ordinal); // the module's embedded default
    }

    [Fact]
    public async Task A_template_with_a_syntax_error_shows_the_theme_error_view_and_logs_file_and_line()
    {
        WriteTheme("Honor", "templates/Core/home.sbn", "<h1>{{ page.title }}</h1>\n{{ for m in modules }}\n");
        var response = await _host.CreateClient().GetAsync("/r/511000/");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("页面出错了", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(_host.Logs.Entries, e => e.Level == LogLevel.Error
            && e.Message.Contains("themes/Honor/templates/Core/home.sbn", StringComparison.Ordinal)
            && e.Message.Contains("at line ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_region_gets_the_theme_404_page_in_Chinese_and_English_on_request()
    {
        var response = await _host.CreateClient().GetAsync("/r/999999/");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("没有找到这个地区", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var english = await _host.CreateClient().GetAsync("/r/999999/?culture=en");
        Assert.Contains("This region does not exist", await english.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_pages_carry_a_content_security_policy_and_admin_pages_are_not_cached()
    {
        var page = await _host.CreateClient().GetAsync("/r/511000/");
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var admin = await _host.CreateBrowser().GetAsync("/admin");
        Assert.True(admin.Headers.CacheControl?.NoStore);
    }

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_themes, recursive: true);
    }
}
