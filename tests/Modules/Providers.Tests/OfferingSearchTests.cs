using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Search;
using Platform.Core.Search;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Offerings;
using Platform.Modules.Providers.Onboarding;

namespace Platform.Modules.Providers.Tests;

/// <summary>Offerings of approved providers are found from the sites of the regions they cover, and only while public.</summary>
public abstract class OfferingSearchTests<THost>(THost fixture) : IClassFixture<THost> where THost : ProvidersHost
{
    private async Task<IReadOnlyList<SearchHit>> SearchAsync(string text, string region)
    {
        await fixture.Host.Services.GetRequiredService<LuceneSearchIndex>().CatchUpAsync();
        return (await fixture.Host.Services.GetRequiredService<ISearchIndex>().SearchAsync(new SearchQuery(text, region, "Providers"))).Hits;
    }

    [Fact]
    public async Task An_offering_is_found_in_its_regions_until_it_is_withdrawn_or_its_provider_suspended()
    {
        var providerId = await fixture.InScopeAsync(sp => sp.GetRequiredService<ProvidersDbContext>().Providers
            .Where(p => p.OrganisationId == "demo-provider-a").Select(p => p.Id).SingleAsync());
        var offering = await fixture.InScopeAsync(sp => sp.GetRequiredService<OfferingService>().CreateAsync(ProvidersHost.ProviderA, providerId,
            new OfferingInput("canteen", "荞麦面送餐上门", "每天中午把热乎的荞麦面送到老同志家里，软烂好嚼。", ["511002"], "每天 11:00–13:00", 40, "可送上楼", 12m, "份")));

        var hit = Assert.Single(await SearchAsync("荞麦面", "511000"));
        Assert.Equal("荞麦面送餐上门", hit.Title);
        Assert.Equal($"/r/511002/providers/#offering-{offering.Id}", hit.Url);
        Assert.Contains("<mark>荞麦面</mark>", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.Single(await SearchAsync("荞麦面", "511002"));
        Assert.Empty(await SearchAsync("荞麦面", "511011")); // a county it does not cover
        Assert.Empty(await SearchAsync("荞麦面", "330000"));

        // Moved to another county: found there, gone from the first.
        await fixture.InScopeAsync(sp => sp.GetRequiredService<OfferingService>().UpdateAsync(ProvidersHost.ProviderA, offering.Id,
            new OfferingInput("canteen", "荞麦面送餐上门", "每天中午送到家。荞麦面。", ["511011"], "每天 11:00–13:00", 40, null, 12m, "份")));
        Assert.Empty(await SearchAsync("荞麦面", "511002"));
        Assert.Single(await SearchAsync("荞麦面", "511011"));

        // Suspended provider: nothing of theirs; reinstated: back.
        await fixture.InScopeAsync(sp => sp.GetRequiredService<OnboardingService>().DecideAsync(ProvidersHost.Sichuan, providerId, "suspend", "卫生检查不合格"));
        Assert.Empty(await SearchAsync("荞麦面", "511000"));
        await fixture.InScopeAsync(sp => sp.GetRequiredService<OnboardingService>().DecideAsync(ProvidersHost.Sichuan, providerId, "reinstate", "整改完成"));
        Assert.Single(await SearchAsync("荞麦面", "511000"));

        await fixture.InScopeAsync(sp => sp.GetRequiredService<OfferingService>().WithdrawAsync(ProvidersHost.ProviderA, offering.Id));
        Assert.Empty(await SearchAsync("荞麦面", "511000"));
    }
}

public sealed class OfferingSearchTests_Sqlite(SqliteProvidersHost fixture) : OfferingSearchTests<SqliteProvidersHost>(fixture);

public sealed class OfferingSearchTests_Postgres(PostgresProvidersHost fixture) : OfferingSearchTests<PostgresProvidersHost>(fixture);
