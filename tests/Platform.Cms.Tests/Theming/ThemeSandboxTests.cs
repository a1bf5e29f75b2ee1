using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Theming;
using Platform.Testing;

namespace Platform.Cms.Tests.Theming;

/// <summary>Templates are edited by bureau staff, so they run with no file, no .NET access and hard limits.</summary>
public sealed class ThemeSandboxTests : IClassFixture<SqliteHost>, IDisposable
{
    private readonly ThemeRenderer _renderer;
    private readonly string _theme;

    private readonly SqliteHost _host;

    public ThemeSandboxTests(SqliteHost host)
    {
        _host = host;
        _renderer = host.Services.GetRequiredService<ThemeRenderer>();
        var files = host.Services.GetRequiredService<ThemeFiles>();
        _theme = "Sandbox" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(Path.Combine(files.Root, _theme, "templates"));
        Root = Path.Combine(files.Root, _theme);
    }

    private string Root { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private int _templates;

    /// <summary>Renders <paramref name="text"/> as a new template file (a file's status is looked at once a second).</summary>
    private string Render(string text, Dictionary<string, object?>? model = null)
    {
        var name = "t" + ++_templates;
        File.WriteAllText(Path.Combine(Root, "templates", name + ".sbn"), text);
        return _renderer.Render(_theme, "templates/" + name, model ?? []);
    }

    [Fact]
    public void A_template_cannot_change_the_built_in_functions_that_every_render_shares()
    {
        Assert.ThrowsAny<Exception>(() => Render("{{ string.upcase = 1 }}"));
        Assert.ThrowsAny<Exception>(() => Render("{{ string = 1 }}{{ 'a' | string.upcase }}"));
        Assert.Equal("A", Render("{{ 'a' | string.upcase }}"));
    }

    [Fact]
    public void A_rendered_body_reaches_the_layout_whole_in_place_in_a_partial_and_as_a_string()
    {
        Directory.CreateDirectory(Path.Combine(Root, "partials"));
        File.WriteAllText(Path.Combine(Root, "partials", "wrap.sbn"), "<div>{{ content }}</div>");
        var body = new System.Text.StringBuilder(4).Append("<b>正文</b>").Append("<i>😀</i>");
        Assert.Equal("<main><b>正文</b><i>😀</i></main><div><b>正文</b><i>😀</i></div>18",
            Render("<main>{{ content }}</main>{{ include 'partials/wrap' }}{{ content | string.size }}", new() { ["content"] = new RenderedHtml(body) }));
    }

    [Fact]
    public void Values_and_partials_are_written_as_they_are_never_re_indented()
    {
        // Scriban's automatic indentation would put the two spaces before every line of the value and the partial (a pre
        // block, a textarea, an address would change) and cut each write at its line ends to do so.
        Directory.CreateDirectory(Path.Combine(Root, "partials"));
        File.WriteAllText(Path.Combine(Root, "partials", "lines.sbn"), "<p>一</p>\n<p>二</p>\n");
        Assert.Equal("<div>\n  <pre>第一行\n第二行\n</pre>\n  <p>一</p>\n<p>二</p>\n</div>",
            Render("<div>\n  <pre>{{ text }}</pre>\n  {{ include 'partials/lines' }}</div>", new() { ["text"] = "第一行\n第二行\n" }));
    }

    [Fact]
    public void An_edited_or_new_theme_file_is_used_within_a_second()
    {
        // A renderer of its own, on a clock the test moves: file status is looked at again after ThemeFiles.Recheck.
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var files = new ThemeFiles(_host.Services.GetRequiredService<ThemeOptions>(), _host.Services.GetRequiredService<Platform.Core.Modules.ModuleCatalog>(), clock);
        var renderer = new ThemeRenderer(files, _host.Services.GetRequiredService<Platform.Cms.Data.PlatformState>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ThemeRenderer>.Instance);
        string Page() => renderer.Render(_theme, "templates/t", new Dictionary<string, object?>());
        File.WriteAllText(Path.Combine(Root, "templates", "t.sbn"), "<p>{{ include 'partials/note' }}</p>");
        Assert.Throws<ThemeRenderException>(Page); // no partial yet

        Directory.CreateDirectory(Path.Combine(Root, "partials"));
        File.WriteAllText(Path.Combine(Root, "partials", "note.sbn"), "旧的说明");
        clock.Advance(ThemeFiles.Recheck);
        Assert.Equal("<p>旧的说明</p>", Page());
        File.WriteAllText(Path.Combine(Root, "partials", "note.sbn"), "新的说明，更长一些");
        Assert.Equal("<p>旧的说明</p>", Page()); // within the second: the kept parse, no file-status call
        clock.Advance(ThemeFiles.Recheck);
        Assert.Equal("<p>新的说明，更长一些</p>", Page());
        File.WriteAllText(Path.Combine(Root, "partials", "note.sbn"), "{{ if }}");
        clock.Advance(ThemeFiles.Recheck);
        var ex = Assert.Throws<ThemeRenderException>(Page);
        Assert.Contains("partials/note", ex.Message, StringComparison.Ordinal); // the include that failed is named
    }

    [Theory]
    [InlineData("{{ include '../../../../etc/passwd' }}")]
    [InlineData("{{ include '/etc/passwd' }}")]
    [InlineData("{{ include 'partials/../../../secrets' }}")]
    public void Includes_cannot_reach_outside_the_themes(string template)
    {
        var ex = Assert.Throws<ThemeRenderException>(() => Render(template));
        Assert.Contains("not allowed", ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ while true }}x{{ end }}")]
    [InlineData("{{ for i in 1..100000000 }}{{ end }}")]
    [InlineData("{{ func f(x); ret f(x); end; f(1) }}")]
    public void Runaway_loops_and_recursion_are_stopped_quickly(string template)
    {
        var watch = Stopwatch.StartNew();
        Assert.Throws<ThemeRenderException>(() => Render(template));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("{{ regex.match text '^(a+)+$' }}")]
    [InlineData("{{ for i in 1..50 }}{{ regex.replace text '^(a|aa)+$' 'b' }}{{ end }}")]
    [InlineData("{{ regex.split text '(a*)*!x' }}")]
    public void A_backtracking_regular_expression_is_stopped_within_the_time_limit(string template)
    {
        // Twice: the second render reuses the first one's sandbox, which must keep the regular-expression limit.
        for (var round = 0; round < 2; round++)
        {
            var watch = Stopwatch.StartNew();
            var ex = Assert.Throws<ThemeRenderException>(() => Render(template, new() { ["text"] = new string('a', 40) + "!" }));
            Assert.True(watch.Elapsed < ThemeRenderer.TimeLimit + TimeSpan.FromSeconds(1), $"took {watch.Elapsed}: {ex.Reason}");
        }
        Assert.Equal("1", Render("{{ regex.match 'a1' '[0-9]' | array.first }}"));
    }

    [Fact]
    public void Output_beyond_the_limit_is_refused()
    {
        var line = new string('x', 300);
        var ex = Assert.Throws<ThemeRenderException>(() => Render("{{ for i in 1..9000 }}" + line + "{{ end }}"));
        Assert.Contains("output", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_see_copies_of_values_never_live_objects_and_strings_are_escaped()
    {
        var model = new Dictionary<string, object?>
        {
            ["story"] = new { Title = "<script>alert(1)</script>", Narrator = new { Name = "张" } },
            ["html"] = new TrustedHtml("<em>ok</em>"),
        };
        var output = Render("{{ story.title }}|{{ story.narrator.name }}|{{ html }}|{{ story.get_type }}|{{ story.narrator.to_string }}", model);
        Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt;|张|<em>ok</em>||", output);
    }

    [Fact]
    public void A_syntax_error_names_the_file_and_line()
    {
        var ex = Assert.Throws<ThemeRenderException>(() => Render("line one\n{{ if }}\n"));
        Assert.Equal($"themes/{_theme}/templates/t{_templates}.sbn", ex.File);
        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public void A_reused_sandbox_starts_clean_after_a_render_and_after_a_failed_one()
    {
        // Renders on one thread share one sandbox: nothing a template set or captured may reach the next render.
        Assert.Equal("123", Render("{{ secret = '密' }}{{ capture kept }}里面{{ end }}{{ for i in 1..3 }}{{ i }}{{ end }}"));
        Assert.Equal("[][]", Render("[{{ secret }}][{{ kept }}]"));
        Assert.Throws<ThemeRenderException>(() => Render("{{ for i in 1..3 }}{{ capture half }}{{ i }}{{ include '../x' }}{{ end }}{{ end }}"));
        Assert.Equal("[]ok", Render("[{{ half }}]{{ 'ok' }}"));
        // The limits still hold on the next renders.
        Assert.Throws<ThemeRenderException>(() => Render("{{ for i in 1..100000000 }}{{ end }}"));
        Assert.Contains("output", Assert.Throws<ThemeRenderException>(() => Render("{{ for i in 1..9000 }}" + new string('x', 300) + "{{ end }}")).Reason, StringComparison.Ordinal);
        Assert.Equal("1", Render("{{ 1 }}"));
    }

    [Fact]
    public void A_reused_sandbox_takes_includes_from_the_theme_of_each_render()
    {
        var page = new Scriban.Runtime.ScriptObject { ["lang"] = "zh-CN" };
        Directory.CreateDirectory(Path.Combine(Root, "partials"));
        File.WriteAllText(Path.Combine(Root, "partials", "footer.sbn"), "<footer>本主题的页脚</footer>");
        File.WriteAllText(Path.Combine(Root, "templates", "with-footer.sbn"), "{{ include 'partials/footer' }}");
        string Page() => _renderer.Render(_theme, "templates/with-footer", new Dictionary<string, object?>(), page);
        string DefaultFooter() => _renderer.Render(ThemeFiles.DefaultTheme, "partials/footer", new Dictionary<string, object?>(), page);

        Assert.Contains("退役军人事务部门", DefaultFooter(), StringComparison.Ordinal);
        Assert.Equal("<footer>本主题的页脚</footer>", Page());
        Assert.Contains("退役军人事务部门", DefaultFooter(), StringComparison.Ordinal);
        // A broken override is reported, never replaced by the default partial an earlier render on this sandbox used.
        var broken = new ThemeRenderer(new ThemeFiles(_host.Services.GetRequiredService<ThemeOptions>(), _host.Services.GetRequiredService<Platform.Core.Modules.ModuleCatalog>(), TimeProvider.System),
            _host.Services.GetRequiredService<Platform.Cms.Data.PlatformState>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<ThemeRenderer>.Instance);
        File.WriteAllText(Path.Combine(Root, "partials", "footer.sbn"), "{{ if }}");
        Assert.Contains("退役军人事务部门", broken.Render(ThemeFiles.DefaultTheme, "partials/footer", new Dictionary<string, object?>(), page), StringComparison.Ordinal);
        var ex = Assert.Throws<ThemeRenderException>(() => broken.Render(_theme, "templates/with-footer", new Dictionary<string, object?>(), page));
        Assert.Contains("partials/footer", ex.Message, StringComparison.Ordinal);
    }
}
