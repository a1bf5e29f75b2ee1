using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Search;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Organisations;

namespace Platform.Modules.Providers.Search;

/// <summary>
/// Search documents for the offerings of approved providers: one per offering and region it covers (a region's site
/// searches its subtree, so an offering covering Neijiang and Hangzhou is found from both), linking to that region's
/// provider page. Keys are <c>Providers:offering:{id}@{region}</c>. A withdrawn offering, or one whose provider is not
/// (or no longer) approved, has no document.
/// </summary>
public sealed class OfferingSearchSource(ProvidersDbContext db) : ISearchDocumentSource
{
    private const string Prefix = ProviderService.ModuleId + ":offering:";

    public string ModuleId => ProviderService.ModuleId;

    public static string KeyOf(long offeringId, string regionCode) => $"{Prefix}{offeringId}@{regionCode}";

    /// <summary>Marks every document of the offerings (each of their regions, before and after a change) for the index.</summary>
    public static async Task MarkAsync(ISearchIndex index, IEnumerable<(long OfferingId, string RegionCode)> documents, CancellationToken ct)
    {
        foreach (var (offering, region) in documents.Distinct())
            await index.MarkChangedAsync(KeyOf(offering, region), ct);
    }

    /// <summary>The keys of every offering of a provider (whose status changed).</summary>
    public static async Task<List<(long, string)>> OfProviderAsync(ProvidersDbContext db, long providerId, CancellationToken ct) =>
        (await db.OfferingRegions.AsNoTracking().Where(r => db.Offerings.Any(o => o.Id == r.OfferingId && o.ProviderId == providerId))
            .Select(r => new { r.OfferingId, r.RegionCode }).ToListAsync(ct)).Select(r => (r.OfferingId, r.RegionCode)).ToList();

    public async IAsyncEnumerable<SearchDocument> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var providers = await db.Providers.AsNoTracking().Where(p => p.Status == ProviderStatus.Approved).ToDictionaryAsync(p => p.Id, cancellationToken);
        for (long after = 0; ;)
        {
            var page = await db.Offerings.AsNoTracking().Include(o => o.Regions)
                .Where(o => o.Id > after && !o.Withdrawn).OrderBy(o => o.Id).Take(500).ToListAsync(cancellationToken);
            if (page.Count == 0) yield break;
            foreach (var offering in page)
                if (providers.TryGetValue(offering.ProviderId, out var provider))
                    foreach (var region in offering.Regions)
                        yield return Document(offering, provider, region.RegionCode);
            after = page[^1].Id;
        }
    }

    public async Task<SearchDocument?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var at = key.IndexOf('@', StringComparison.Ordinal);
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || at < 0 || !long.TryParse(key[Prefix.Length..at], out var id)) return null;
        var region = key[(at + 1)..];
        var offering = await db.Offerings.AsNoTracking().Include(o => o.Regions).FirstOrDefaultAsync(o => o.Id == id && !o.Withdrawn, cancellationToken);
        if (offering is null || offering.Regions.All(r => r.RegionCode != region)) return null;
        var provider = await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == offering.ProviderId && p.Status == ProviderStatus.Approved, cancellationToken);
        return provider is null ? null : Document(offering, provider, region);
    }

    private static SearchDocument Document(Offering offering, Provider provider, string region)
    {
        var category = ProviderCategories.Find(provider.Category);
        var body = string.Join("\n", new[]
        {
            offering.Description, $"服务商：{provider.LegalName}", category is null ? null : $"类别：{category.NameZh}",
            $"服务时间：{offering.OpeningHours}", offering.Accessibility is { Length: > 0 } a ? $"无障碍：{a}" : null,
            provider.Address is { Length: > 0 } address ? $"地址：{address}" : null, $"电话：{provider.ContactPhone}",
        }.Where(line => !string.IsNullOrWhiteSpace(line)));
        return new SearchDocument(KeyOf(offering.Id, region), ProviderService.ModuleId, "offering", region, offering.Title, body,
            new[] { provider.Category, offering.Type }.Distinct(StringComparer.Ordinal).ToList(), null, $"/r/{region}/providers/#offering-{offering.Id}",
            $"{provider.LegalName} · {offering.OpeningHours}");
    }
}
