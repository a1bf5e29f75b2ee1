using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;
using Platform.Core.Regions;
using Platform.Modules.Providers.Contracts;
using Platform.Modules.Providers.Data;

namespace Platform.Modules.Providers.Organisations;

/// <summary>The Contracts view of providers for other modules.</summary>
public sealed class ProviderDirectory(ProvidersDbContext db, IRegionDirectory regions, PreparedReads reads) : IProviderDirectory
{
    public async Task<ProviderSummary?> FindAsync(string organisationId, CancellationToken cancellationToken = default)
    {
        var provider = await db.Providers.AsNoTracking().Include(p => p.Regions).FirstOrDefaultAsync(p => p.OrganisationId == organisationId, cancellationToken);
        return provider is null ? null : Summary(provider);
    }

    private const string OrderStatusSql = """
        SELECT "Status", "OrdersSuspended", "OrdersSuspendedReason" FROM providers_organisations WHERE "OrganisationId" = @organisation
        """;

    /// <summary>Whether a provider takes orders (committed state), on a kept connection with the statement prepared once: every booking asks.</summary>
    public async Task<ProviderOrderStatus?> OrderStatusAsync(string organisationId, CancellationToken cancellationToken = default)
    {
        await using var lease = await reads.LeaseAsync(cancellationToken);
        await using var reader = await ReadLease.Set(lease.Command(OrderStatusSql), "@organisation", organisationId).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? OrderStatus(reader.GetString(0), reader.GetBoolean(1), reader.IsDBNull(2) ? null : reader.GetString(2))
            : null;
    }

    public async Task<IReadOnlyList<ProviderSummary>> ApprovedInRegionAsync(string regionCode, string? category = null, CancellationToken cancellationToken = default)
    {
        var chain = (await regions.AncestryAsync(regionCode, cancellationToken)).Select(r => r.Code).ToList();
        var list = await db.Providers.AsNoTracking().Include(p => p.Regions)
            .Where(p => p.Status == ProviderStatus.Approved && (category == null || p.Category == category) && p.Regions.Any(r => chain.Contains(r.RegionCode)))
            .OrderBy(p => p.Id).ToListAsync(cancellationToken);
        return [.. list.Select(Summary)];
    }

    public static ProviderSummary Summary(Provider p)
    {
        var orders = OrderStatus(p.Status, p.OrdersSuspended, p.OrdersSuspendedReason);
        // The vetting region first: a module placing the provider's records (a sanatorium) takes the first.
        return new(p.OrganisationId, p.LegalName, p.Category, p.Status, orders.AcceptsNewOrders, orders.Reason,
            [.. p.Regions.Select(r => r.RegionCode).OrderBy(c => c != p.HomeRegion).ThenBy(c => c, StringComparer.Ordinal)]);
    }

    /// <summary>Only an approved provider takes orders, unless it suspended them; otherwise the reason is its status.</summary>
    private static ProviderOrderStatus OrderStatus(string status, bool suspended, string? suspendedReason) =>
        new(status == ProviderStatus.Approved && !suspended, status == ProviderStatus.Approved ? suspendedReason : ProviderStatus.NameZh(status));
}
