using Microsoft.EntityFrameworkCore;
using Platform.Core.Access;
using Platform.Modules.Providers.Data;

namespace Platform.Modules.Providers.Organisations;

/// <summary>Provider organisations, whatever their vetting status, for the host's OAuth client binding.</summary>
public sealed class ProviderOrganisations(ProvidersDbContext db) : IOrganisationDirectory
{
    public async Task<OrganisationInfo?> FindAsync(string organisationId, CancellationToken cancellationToken = default)
    {
        var provider = await db.Providers.AsNoTracking().Include(p => p.Regions)
            .FirstOrDefaultAsync(p => p.OrganisationId == organisationId, cancellationToken);
        return provider is null ? null : Info(provider);
    }

    public async Task<IReadOnlyList<OrganisationInfo>> ServingAsync(
        IReadOnlySet<string>? regionCodes, int limit, CancellationToken cancellationToken = default)
    {
        var query = db.Providers.AsNoTracking().Include(p => p.Regions).AsQueryable();
        if (regionCodes is not null)
        {
            var codes = regionCodes.ToList();
            query = query.Where(p => p.Regions.Any(r => codes.Contains(r.RegionCode)));
        }
        var list = await query.OrderBy(p => p.LegalName).ThenBy(p => p.Id).Take(limit).ToListAsync(cancellationToken);
        return [.. list.Select(Info)];
    }

    private static OrganisationInfo Info(Provider p) =>
        new(p.OrganisationId, p.LegalName, [.. p.Regions.Select(r => r.RegionCode).Order(StringComparer.Ordinal)]);
}
