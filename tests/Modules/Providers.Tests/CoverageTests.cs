using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Cms.Search;
using Platform.Core;
using Platform.Core.Search;
using Platform.Modules.Providers.Contracts;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Organisations;
using Platform.Testing;

namespace Platform.Modules.Providers.Tests;

/// <summary>
/// A provider cannot widen its own coverage: its system's write naming another province's region is refused and leaves it
/// absent there; a coverage request decided by that region's bureau (and only by it) adds the region, a refusal does not.
/// </summary>
public abstract class CoverageTests<THost>(THost fixture) : IClassFixture<THost> where THost : ProvidersHost
{
    private const string Organisation = "/api/v1/providers/organisations/demo-provider-a";
    private const string Name = "内江市甲助餐服务有限公司";

    private async Task<HttpClient> SystemAsync()
    {
        var http = fixture.Host.CreateClient();
        var response = await http.ClientCredentialsAsync("demo-provider-a-system", "demo-provider-a-secret",
            "providers.read providers.write");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.GetProperty("access_token").GetString());
        return http;
    }

    private async Task<HttpClient> SignedInAsync(string user)
    {
        var browser = fixture.Host.CreateBrowser();
        await browser.SignInToAdminAsync(user);
        return browser;
    }

    private Task<List<string>> RegionsAsync() => fixture.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<ProvidersDbContext>();
        var id = await db.Providers.Where(p => p.OrganisationId == "demo-provider-a").Select(p => p.Id).SingleAsync();
        return await db.ProviderRegions.AsNoTracking().Where(r => r.ProviderId == id).Select(r => r.RegionCode).OrderBy(r => r)
            .ToListAsync();
    });

    private async Task<IReadOnlyList<SearchHit>> SearchAsync(string text, string region)
    {
        await fixture.Host.Services.GetRequiredService<LuceneSearchIndex>().CatchUpAsync();
        return (await fixture.Host.Services.GetRequiredService<ISearchIndex>().SearchAsync(new SearchQuery(text, region, "Providers")))
            .Hits;
    }

    /// <summary>Whether provider A shows in Zhejiang: its public page, search and the Zhejiang bureau's provider list.</summary>
    private async Task<(bool Page, bool Search, bool Admin)> InZhejiangAsync(HttpClient zhejiang)
    {
        var page = await fixture.Host.CreateBrowser().GetStringAsync("/r/330100/providers/");
        var search = await SearchAsync("午餐配送", "330000");
        var admin = await zhejiang.GetStringAsync("/admin/providers?region=330000");
        return (page.Contains(Name, StringComparison.Ordinal), search.Count > 0, admin.Contains(Name, StringComparison.Ordinal));
    }

    private static Task<HttpResponseMessage> DecideAsync(HttpClient bureau, string region, long request, string decision, string reason) =>
        bureau.PostFormWithTokenFromAsync($"/admin/providers/coverage?region={region}&handler={decision}&request={request}",
            new() { ["Reason"] = reason }, tokenFrom: $"/admin/providers/coverage?region={region}");

    [Fact]
    public async Task A_providers_system_cannot_add_a_Zhejiang_region_itself_and_only_the_Zhejiang_bureau_approves_a_coverage_request()
    {
        using var system = await SystemAsync();
        var zhejiang = await SignedInAsync("zhejiang");
        var sichuan = await SignedInAsync("sichuan");

        // The attack: PUT back the organisation as read, with regions naming Zhejiang. Refused, nothing stored, absent there.
        var read = (await system.GetFromJsonAsync<JsonObject>(Organisation))!;
        foreach (var regions in new[] { new[] { "511000", "330000" }, ["511000", "330100"], ["330100"] })
        {
            var attack = read.DeepClone().AsObject();
            attack["regions"] = new JsonArray([.. regions.Select(r => JsonValue.Create(r))]);
            var refused = await system.PutAsJsonAsync(Organisation, attack);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("服务地区须经主管部门审核：请提交扩展服务地区申请。", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(["511000"], await RegionsAsync());
        Assert.Equal((false, false, false), await InZhejiangAsync(zhejiang));
        // What it read, written back unchanged, is fine.
        Assert.Equal(HttpStatusCode.OK, (await system.PutAsJsonAsync(Organisation, read)).StatusCode);
        // An offering cannot reach into Zhejiang either.
        var offering = (await system.GetFromJsonAsync<JsonObject>("/api/v1/providers/offerings/1"))!;
        offering["regions"] = new JsonArray("511000", "330100");
        var outside = await system.PutAsJsonAsync("/api/v1/providers/offerings/1", offering);
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("扩展服务地区申请", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A coverage request; a second one for the same region while it waits is refused.
        var asked = await system.PostAsJsonAsync($"{Organisation}/coverage-requests", new { regionCode = "330100", note = "杭州分店已开业" });
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        var first = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Conflict, (await system.PostAsJsonAsync($"{Organisation}/coverage-requests",
            new { regionCode = "330100" })).StatusCode);
        Assert.Equal((false, false, false), await InZhejiangAsync(zhejiang));

        // Not the provider's own admin (no region: 404 for the page; 403 for its own request), not Sichuan's bureau (404), only Zhejiang's.
        var providerAdmin = await SignedInAsync("provider-a");
        Assert.Equal(HttpStatusCode.NotFound, (await providerAdmin.GetAsync("/admin/providers/coverage")).StatusCode);
        Assert.DoesNotContain($"id=\"request-{first}\"", await sichuan.GetStringAsync("/admin/providers/coverage?region=511000"),
            StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await DecideAsync(sichuan, "511000", first, "Approve", "")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await DecideAsync(sichuan, "511000", first, "Refuse", "越权")).StatusCode);
        Assert.Equal(["511000"], await RegionsAsync());

        // Zhejiang refuses: a reason is required, the provider sees it, the region stays out.
        Assert.Contains($"id=\"request-{first}\"", await zhejiang.GetStringAsync("/admin/providers/coverage?region=330000"),
            StringComparison.Ordinal);
        var noReason = await DecideAsync(zhejiang, "330000", first, "Refuse", " ");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("请写明理由", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(zhejiang, "330000", first, "Refuse", "缺少杭州当地的食品经营许可证")).StatusCode);
        var seen = (await system.GetFromJsonAsync<JsonElement>($"{Organisation}/coverage-requests"))[0];
        Assert.Equal(("refused", "未批准", "缺少杭州当地的食品经营许可证", "zhejiang"),
            (seen.GetProperty("status").GetString(), seen.GetProperty("statusZh").GetString(), seen.GetProperty("reason").GetString(),
             seen.GetProperty("decidedBy").GetString()));
        Assert.Equal(["511000"], await RegionsAsync());
        Assert.Equal((false, false, false), await InZhejiangAsync(zhejiang));
        Assert.Equal(HttpStatusCode.Conflict, (await DecideAsync(zhejiang, "330000", first, "Approve", "")).StatusCode); // decided already

        // Asked again and approved by Zhejiang: served there, audited, and its offering may now cover Hangzhou.
        var again = await system.PostAsJsonAsync($"{Organisation}/coverage-requests", new { regionCode = "330100", note = "已补办许可证" });
        var second = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(zhejiang, "330000", second, "Approve", "证照齐全")).StatusCode);
        Assert.Equal(["330100", "511000"], await RegionsAsync());
        var audit = await fixture.InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().Audit.AsNoTracking()
            .Where(a => a.Action == "provider.coverage-approved").ToListAsync());
        Assert.Equal(("zhejiang", "330100"), (Assert.Single(audit).Actor, audit[0].RegionCode));
        Assert.Equal("511000", (await fixture.InScopeAsync(sp => sp.GetRequiredService<IProviderDirectory>()
            .FindAsync("demo-provider-a")))!.Regions[0]);
        Assert.Equal(HttpStatusCode.OK, (await system.PutAsJsonAsync("/api/v1/providers/offerings/1", offering)).StatusCode);
        Assert.Equal((true, true, true), await InZhejiangAsync(zhejiang));
        // The organisation as read now (with Hangzhou) can be written back.
        Assert.Equal(HttpStatusCode.OK, (await system.PutAsJsonAsync(Organisation,
            await system.GetFromJsonAsync<JsonObject>(Organisation))).StatusCode);

        // The provider stops serving Hangzhou itself: gone from there, its offering too; its vetting region cannot go.
        Assert.Equal(HttpStatusCode.OK, (await system.DeleteAsync($"{Organisation}/regions/330100")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await system.DeleteAsync($"{Organisation}/regions/511000")).StatusCode);
        Assert.Equal(["511000"], await RegionsAsync());
        Assert.Equal(["511000"], (await system.GetFromJsonAsync<JsonElement>("/api/v1/providers/offerings/1")).GetProperty("regions")
            .EnumerateArray().Select(r => r.GetString()!).ToList());
        Assert.Equal((false, false, false), await InZhejiangAsync(zhejiang));
    }

    [Fact]
    public async Task An_application_names_regions_of_one_province_only_and_the_provider_admin_page_has_no_inputs_for_vetted_fields()
    {
        var refused = await Assert.ThrowsAsync<PlatformException>(() => fixture.InScopeAsync(
            sp => sp.GetRequiredService<ProviderService>().RegisterAsync(
            new ProviderInput("内江市跨省助餐有限公司", "91511000MA62A0009C", "canteen", ["511000", "330100"], "李经理", "0832-2000009"),
            [], "applicant", selfRegistration: true)));
        Assert.Equal(400, refused.Status);
        Assert.Contains("不在同一省份", refused.MessageZh, StringComparison.Ordinal);

        var a = await fixture.InScopeAsync(sp => sp.GetRequiredService<ProvidersDbContext>().Providers.AsNoTracking()
            .SingleAsync(p => p.OrganisationId == "demo-provider-a"));
        var providerAdmin = await SignedInAsync("provider-a");
        var page = await providerAdmin.GetStringAsync($"/admin/providers/{a.Id}");
        Assert.DoesNotContain("name=\"LegalName\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Regions\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"coverage-form\"", page, StringComparison.Ordinal);
        var sichuan = await SignedInAsync("sichuan");
        Assert.Contains("name=\"LegalName\"", await sichuan.GetStringAsync($"/admin/providers/{a.Id}"), StringComparison.Ordinal);
    }
}

public sealed class CoverageTests_Sqlite(SqliteProvidersHost host) : CoverageTests<SqliteProvidersHost>(host);

public sealed class CoverageTests_Postgres(PostgresProvidersHost host) : CoverageTests<PostgresProvidersHost>(host);
