using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Offerings;
using Platform.Modules.Providers.Ratings;
using Platform.Testing;

namespace Platform.Modules.Providers.Tests;

/// <summary>The providers' systems on the API with client-credential tokens; reference-price flags; rating aggregates; public pages and demo data.</summary>
public abstract class PortalApiTests<THost>(THost fixture) : IClassFixture<THost> where THost : ProvidersHost
{
    private static readonly string[] Hangzhou = ["330106"];

    private async Task<HttpClient> SystemAsync(string client, string secret, string scope = "providers.read providers.write")
    {
        var http = fixture.Host.CreateClient();
        var response = await http.ClientCredentialsAsync(client, secret, scope);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.GetProperty("access_token").GetString());
        return http;
    }

    private static object Offering(string title, decimal price) => new
    {
        type = "canteen", title, description = "午餐送到家门口", regions = new[] { "511002" }, openingHours = "每日 10:30–12:30",
        capacity = 50, accessibility = "送餐上门", price, unit = "餐",
    };

    private Task<Offering> OfferingAsync(long id) => fixture.InScopeAsync(sp =>
        sp.GetRequiredService<ProvidersDbContext>().Offerings.AsNoTracking().Include(o => o.Regions).SingleAsync(o => o.Id == id));

    [Fact]
    public async Task A_providers_system_changes_its_own_offerings_and_gets_403_for_another_organisations_leaving_it_unchanged()
    {
        using var a = await SystemAsync("demo-provider-a-system", "demo-provider-a-secret");
        using var b = await SystemAsync("demo-provider-b-system", "demo-provider-b-secret");

        var own = await a.GetFromJsonAsync<JsonElement>("/api/v1/providers/organisations/demo-provider-a/offerings");
        Assert.Equal(1, own[0].GetProperty("id").GetInt64()); // the demo data is deterministic
        var created = await a.PostAsJsonAsync("/api/v1/providers/organisations/demo-provider-a/offerings", Offering("市中区午餐配送", 16.5m));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var updated = await a.PutAsJsonAsync($"/api/v1/providers/offerings/{id}", Offering("市中区午餐配送（含汤）", 17m));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal((1700L, "市中区午餐配送（含汤）"), ((await OfferingAsync(id)).PriceFen, (await OfferingAsync(id)).Title));

        // Provider B's system: A is approved, so its offering is visible, but not B's to change.
        var before = await OfferingAsync(1);
        var refused = await b.PutAsJsonAsync("/api/v1/providers/offerings/1", Offering("被改掉的名称", 1m));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("不能修改其他服务商", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var createForA = await b.PostAsJsonAsync("/api/v1/providers/organisations/demo-provider-a/offerings", Offering("冒充", 1m));
        Assert.Equal(HttpStatusCode.Forbidden, createForA.StatusCode);
        var after = await OfferingAsync(1);
        Assert.Equal((before.Title, before.PriceFen, before.UpdatedAt), (after.Title, after.PriceFen, after.UpdatedAt));
        Assert.Equal(2 + 1, await fixture.InScopeAsync(sp => sp.GetRequiredService<ProvidersDbContext>().Offerings.CountAsync(o => o.ProviderId == before.ProviderId)));

        // A region outside A's own regions is refused in Chinese; a token without providers.write cannot write at all.
        var outside = await a.PutAsJsonAsync($"/api/v1/providers/offerings/{id}", new { type = "canteen", title = "x", description = "x", regions = Hangzhou, openingHours = "x", price = 1m, unit = "餐" });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("不在本机构经批准的服务地区内", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var readOnly = await SystemAsync("demo-provider-a-system", "demo-provider-a-secret", "providers.read");
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.PutAsJsonAsync($"/api/v1/providers/offerings/{id}", Offering("只读", 1m))).StatusCode);
    }

    [Fact]
    public async Task Offerings_priced_above_the_reference_where_they_are_offered_are_flagged_for_the_bureau()
    {
        var flags = await fixture.InScopeAsync(sp => sp.GetRequiredService<ReferencePriceService>().FlagsAsync(ProvidersHost.Sichuan, "511000"));
        // Demo: canteen reference 15 元/餐 in Neijiang; demo-provider-a's delivery at 18 is flagged, its canteen at 12 is not.
        var flag = Assert.Single(flags, f => f.Provider.OrganisationId == "demo-provider-a" && f.Offering.Id == 1);
        Assert.DoesNotContain(flags, f => f.Offering.Title == "长者食堂堂食");
        Assert.Equal(("老年助餐·午餐配送", 1800L, 1500L, 20.0m), (flag.Offering.Title, flag.Offering.PriceFen, flag.ReferenceFen, flag.PercentAbove));

        // A county's own, lower reference flags the housekeeping offering there; the nearest reference applies.
        await fixture.InScopeAsync(sp => sp.GetRequiredService<ReferencePriceService>().SetAsync(ProvidersHost.Sichuan, "511002", "housekeeping", 70m, "次"));
        flags = await fixture.InScopeAsync(sp => sp.GetRequiredService<ReferencePriceService>().FlagsAsync(ProvidersHost.Sichuan, "511000"));
        Assert.Contains(flags, f => f.Offering.Type == "housekeeping" && f.RegionCode == "511002" && f.ReferenceRegion == "511002");

        // Only a bureau sets references; Zhejiang's does not see Sichuan's flags.
        var liaison = await Assert.ThrowsAsync<PlatformException>(() => fixture.InScopeAsync(sp => sp.GetRequiredService<ReferencePriceService>().SetAsync(ProvidersHost.Liaison, "511000", "canteen", 1m, "餐")));
        Assert.Equal(403, liaison.Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<PlatformException>(() => fixture.InScopeAsync(sp => sp.GetRequiredService<ReferencePriceService>().FlagsAsync(ProvidersHost.Zhejiang, "511000")))).Status);
        using var zhejiangApi = await SystemAsync("demo-provider-b-system", "demo-provider-b-secret", "providers.read");
        Assert.Equal(HttpStatusCode.NotFound, (await zhejiangApi.GetAsync("/api/v1/providers/price-flags?region=511000")).StatusCode);
    }

    [Fact]
    public async Task Ratings_give_averages_counts_trend_and_a_ranking_per_region()
    {
        var sanatorium = await fixture.InScopeAsync(sp => sp.GetRequiredService<ProvidersDbContext>().Providers.SingleAsync(p => p.Category == "sanatorium"));
        Task<RatingSummary> SummaryAsync() => fixture.InScopeAsync(sp => sp.GetRequiredService<RatingService>().SummaryAsync(sanatorium.Id));
        var demo = await SummaryAsync(); // demo: 5, 5, 4
        Assert.Equal((4.67, 3), (demo.Average, demo.Count));

        var bad = await Assert.ThrowsAsync<PlatformException>(() => fixture.InScopeAsync(sp => sp.GetRequiredService<RatingService>().RateAsync(ProvidersHost.Liaison, sanatorium.Id, null, "511002", 6, null, "老同志")));
        Assert.Contains("1 到 5", bad.MessageZh, StringComparison.Ordinal);
        var noName = await Assert.ThrowsAsync<PlatformException>(() => fixture.InScopeAsync(sp => sp.GetRequiredService<RatingService>().RateAsync(ProvidersHost.Liaison, sanatorium.Id, null, "511002", 3, null, null)));
        Assert.Contains("代为评价", noName.MessageZh, StringComparison.Ordinal);
        Assert.Equal(403, (await Assert.ThrowsAsync<PlatformException>(() => fixture.InScopeAsync(sp => sp.GetRequiredService<RatingService>().RateAsync(ProvidersHost.ProviderA, sanatorium.Id, null, "511002", 5, null, "自评")))).Status);

        // 100 days later two poor ratings: the recent average falls below the earlier one.
        fixture.Clock.Advance(TimeSpan.FromDays(100));
        foreach (var score in new[] { 2, 3 })
            await fixture.InScopeAsync(sp => sp.GetRequiredService<RatingService>().RateAsync(ProvidersHost.Liaison, sanatorium.Id, null, "511002", score, "房间偏冷", "老同志乙"));
        var now = await SummaryAsync();
        Assert.Equal((3.8, 5, 2.5, 4.67, "down"), (now.Average, now.Count, now.RecentAverage, now.PreviousAverage, now.Trend));

        var ranking = await fixture.InScopeAsync(sp => sp.GetRequiredService<RatingService>().RankingAsync(ProvidersHost.Sichuan, "511000"));
        Assert.Equal([1, 2, 3], ranking.Select(r => r.Rank));
        Assert.Equal(["demo-provider-a", ranking[1].Provider.OrganisationId, ranking[2].Provider.OrganisationId], ranking.Select(r => r.Provider.OrganisationId));
        Assert.Equal(4.5, ranking[0].Summary.Average);
        Assert.DoesNotContain(ranking, r => r.Provider.Status != "approved");
    }

    [Fact]
    public async Task Public_pages_list_approved_providers_by_category_in_large_type()
    {
        var browser = fixture.Host.CreateBrowser();
        var neijiang = await browser.GetStringAsync("/r/511002/providers/");
        Assert.Contains("id=\"category-canteen\"", neijiang, StringComparison.Ordinal);
        Assert.Contains("内江市甲助餐服务有限公司", neijiang, StringComparison.Ordinal); // serves the whole city, so the county too
        Assert.Contains("tel:0832-2000001", neijiang, StringComparison.Ordinal);
        Assert.DoesNotContain("东兴区乐龄理发助浴店", neijiang, StringComparison.Ordinal); // still waiting for review
        Assert.DoesNotContain("杭州乙出行服务有限公司", neijiang, StringComparison.Ordinal);
        var hangzhou = await browser.GetStringAsync("/r/330100/providers/");
        Assert.Contains("杭州乙出行服务有限公司", hangzhou, StringComparison.Ordinal);
        Assert.Contains("width=device-width", hangzhou, StringComparison.Ordinal);
    }
}

public sealed class PortalApiTests_Sqlite(SqliteProvidersHost host) : PortalApiTests<SqliteProvidersHost>(host);

public sealed class PortalApiTests_Postgres(PostgresProvidersHost host) : PortalApiTests<PostgresProvidersHost>(host);
