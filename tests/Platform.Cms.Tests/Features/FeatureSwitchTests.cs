using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Testing;

namespace Platform.Cms.Tests.Features;

/// <summary>Per-region switches: inheritance, dependency checks, 404 everywhere when off, data kept, audit.</summary>
public abstract class FeatureSwitchTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private static Task<HttpResponseMessage> Switch(HttpClient client, string region, string module, string state) =>
        client.PutAsJsonAsync($"/api/v1/regions/{region}/features/{module}", new { state });

    [Fact]
    public async Task Disabling_a_module_in_a_county_hides_its_pages_menu_and_API_there_only_and_keeps_its_data()
    {
        var admin = await host.CreateAdminAsync();
        (await admin.PostAsJsonAsync("/api/v1/alpha/notes?region=511025", new { text = "资中县的笔记" })).EnsureSuccessStatusCode();

        (await Switch(admin, "511025", "Beta", "off")).EnsureSuccessStatusCode();
        (await Switch(admin, "511025", "Alpha", "off")).EnsureSuccessStatusCode();

        var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/r/511025/alpha/")).StatusCode);
        Assert.Contains("页面不存在", await (await anonymous.GetAsync("/r/511025/alpha/")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/alpha/notes?region=511025")).StatusCode);
        Assert.DoesNotContain("/r/511025/alpha/", await anonymous.GetStringAsync("/r/511025/"), StringComparison.Ordinal);
        // The neighbouring county still inherits "on" from Neijiang.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/r/511024/alpha/")).StatusCode);

        // Admin: the menu follows the selected region, and the module's admin page answers 404 there.
        var menu = await admin.GetStringAsync("/admin/features?region=511025");
        Assert.DoesNotContain("data-module=\"Alpha\"", menu, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/alpha")).StatusCode);
        Assert.Contains("data-module=\"Alpha\"", await admin.GetStringAsync("/admin?region=511024"), StringComparison.Ordinal);
        var modulePage = await admin.GetStringAsync("/admin/alpha");
        Assert.Contains("id=\"alpha-admin\"", modulePage, StringComparison.Ordinal);
        Assert.Contains("data-module=\"Alpha\"", modulePage, StringComparison.Ordinal); // inside the admin shell

        // Re-enable: the data comes back untouched, on the very next request.
        (await Switch(admin, "511025", "Alpha", "inherit")).EnsureSuccessStatusCode();
        var notes = await admin.GetFromJsonAsync<List<string>>("/api/v1/alpha/notes?region=511025");
        Assert.Equal(["资中县的笔记"], notes);
        Assert.Contains("资中县的笔记", await anonymous.GetStringAsync("/r/511025/alpha/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enabling_a_module_whose_dependency_is_off_is_refused_in_Chinese_and_changes_nothing()
    {
        var admin = await host.CreateAdminAsync();
        (await Switch(admin, "511083", "Beta", "off")).EnsureSuccessStatusCode();
        (await Switch(admin, "511083", "Alpha", "off")).EnsureSuccessStatusCode();
        var auditBefore = await AuditCountAsync();

        var refused = await Switch(admin, "511083", "Beta", "on");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("detail").GetString()!;
        Assert.Contains("无法启用“乙模块”", message, StringComparison.Ordinal);
        Assert.Contains("“甲模块”", message, StringComparison.Ordinal);
        Assert.Contains("隆昌市", message, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateClient().GetAsync("/r/511083/beta/")).StatusCode);
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task Disabling_a_module_that_an_enabled_module_depends_on_is_refused()
    {
        var admin = await host.CreateAdminAsync();
        var refused = await Switch(admin, "330000", "Alpha", "off");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var message = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("无法停用“甲模块”", message, StringComparison.Ordinal);
        Assert.Contains("“乙模块”", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().GetAsync("/r/330100/alpha/")).StatusCode);
    }

    [Fact]
    public async Task Every_switch_change_is_audited_with_who_when_region_module_and_before_after()
    {
        var admin = await host.CreateAdminAsync();
        var started = DateTime.UtcNow.AddSeconds(-1);
        (await Switch(admin, "511011", "Beta", "off")).EnsureSuccessStatusCode();

        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var entry = await db.Audit.Where(a => a.RegionCode == "511011" && a.ModuleId == "Beta").SingleAsync();
        Assert.Equal(("feature.disable", "admin"), (entry.Action, entry.Actor));
        Assert.True(entry.At >= started);
        Assert.Equal("启用（设于 内江市 511000）", entry.Before);
        Assert.Equal("停用（设于 东兴区 511011）", entry.After);

        var page = await admin.GetStringAsync("/admin/audit?region=511011");
        Assert.Contains("feature.disable", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_page_switches_a_module_and_shows_a_refusal_as_a_Chinese_message()
    {
        var admin = await host.CreateAdminAsync();
        await admin.GetAsync("/admin/features?region=330100");
        var refused = await admin.PostFormAsync("/admin/features", new() { ["moduleId"] = "Alpha", ["state"] = "Off" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("无法停用“甲模块”", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ok = await admin.PostFormAsync("/admin/features", new() { ["moduleId"] = "Beta", ["state"] = "Off" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateClient().GetAsync("/r/330100/beta/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().GetAsync("/r/330000/beta/")).StatusCode);
    }

    [Fact]
    public async Task A_module_API_without_a_region_asks_for_one_and_an_unknown_region_is_404()
    {
        var admin = await host.CreateAdminAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/beta/ping")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/beta/ping?region=999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateClient().GetAsync("/r/999999/beta/")).StatusCode);
    }

    [Fact]
    public async Task A_disabled_module_answers_404_even_to_anonymous_callers_of_its_API()
    {
        var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/beta/ping?region=510000")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/beta/ping?region=511000")).StatusCode);
    }

    private async Task<int> AuditCountAsync()
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CoreDbContext>().Audit.CountAsync();
    }
}

public sealed class FeatureSwitchTests_Sqlite(SqliteHost host) : FeatureSwitchTests<SqliteHost>(host);

public sealed class FeatureSwitchTests_Postgres(PostgresHost host) : FeatureSwitchTests<PostgresHost>(host);
