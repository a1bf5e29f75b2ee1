using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Auditing;
using Platform.Core.Regions;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Organisations;

namespace Platform.Modules.Providers.Offerings;

/// <summary>An offering priced above the reference that applies in one of its regions.</summary>
public sealed record PriceFlag(Offering Offering, Provider Provider, string RegionCode, long ReferenceFen, string ReferenceRegion)
{
    public decimal PercentAbove => ReferenceFen == 0 ? 0 : Math.Round((Offering.PriceFen - ReferenceFen) * 100m / ReferenceFen, 1);
}

/// <summary>
/// Reference prices per region and service type, set by the bureau; a region without its own takes the nearest
/// ancestor's. Offerings priced above the reference where they are offered are flagged for the bureau.
/// </summary>
public sealed class ReferencePriceService(ProvidersDbContext db, IAccessScope access, IRegionDirectory regions, IAuditLog audit, TimeProvider clock)
{
    public async Task<ReferencePrice> SetAsync(ClaimsPrincipal caller, string regionCode, string type, decimal price, string unit, CancellationToken ct = default)
    {
        await EnsureBureauAsync(caller, regionCode, ct);
        ProviderCategories.Require(type);
        if (price <= 0 || price > 1_000_000 || decimal.Round(price, 2) != price)
            throw PlatformException.Invalid("参考价须为大于 0 的金额（元，最多两位小数）。", "The reference price must be a positive amount in yuan.");
        if (string.IsNullOrWhiteSpace(unit)) throw PlatformException.Invalid("请填写计价单位。", "Enter the unit.");
        var row = await db.ReferencePrices.FirstOrDefaultAsync(r => r.RegionCode == regionCode && r.OfferingType == type, ct);
        var before = row is null ? null : $"{row.PriceFen / 100m:0.00} 元/{row.Unit}";
        row ??= db.ReferencePrices.Add(new ReferencePrice { RegionCode = regionCode, OfferingType = type, Unit = unit, SetBy = "" }).Entity;
        row.PriceFen = (long)(price * 100);
        row.Unit = unit.Trim();
        row.SetAt = clock.GetUtcNow().UtcDateTime;
        row.SetBy = caller.Identity?.Name ?? "anonymous";
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(new AuditEntry("provider.reference-price", row.SetBy, regionCode, "Providers",
            before, $"{ProviderCategories.NameZh(type)}：{price:0.00} 元/{row.Unit}"), ct);
        return row;
    }

    /// <summary>The reference for a type in a region: its own, else the nearest ancestor's; null when none is set.</summary>
    public async Task<ReferencePrice?> ForAsync(string regionCode, string type, CancellationToken ct = default)
    {
        var chain = (await regions.AncestryAsync(regionCode, ct)).Select(r => r.Code).ToList();
        var rows = await db.ReferencePrices.AsNoTracking().Where(r => r.OfferingType == type && chain.Contains(r.RegionCode)).ToListAsync(ct);
        return rows.OrderBy(r => chain.IndexOf(r.RegionCode)).FirstOrDefault();
    }

    /// <summary>Reference prices set in the region's subtree and above it (what applies there).</summary>
    public async Task<List<ReferencePrice>> ApplyingAsync(string regionCode, CancellationToken ct = default)
    {
        var chain = (await regions.AncestryAsync(regionCode, ct)).Select(r => r.Code).ToList();
        return await db.ReferencePrices.AsNoTracking().Where(r => chain.Contains(r.RegionCode)).OrderBy(r => r.OfferingType).ThenBy(r => r.RegionCode).ToListAsync(ct);
    }

    /// <summary>Offerings priced above the reference in a region of the bureau's subtree (<paramref name="regionCode"/> and below).</summary>
    public async Task<List<PriceFlag>> FlagsAsync(ClaimsPrincipal caller, string regionCode, CancellationToken ct = default)
    {
        await access.EnsureAsync(caller, regionCode, write: false, ct);
        var root = await regions.FindAsync(regionCode, ct);
        var subtree = (await regions.AllAsync(ct)).Where(r => root is not null && root.Contains(r)).Select(r => r.Code).ToList();
        var offered = await db.OfferingRegions.AsNoTracking().Where(r => subtree.Contains(r.RegionCode))
            .Join(db.Offerings.AsNoTracking().Where(o => !o.Withdrawn), r => r.OfferingId, o => o.Id, (r, o) => new { r.RegionCode, Offering = o })
            .Join(db.Providers.AsNoTracking(), x => x.Offering.ProviderId, p => p.Id, (x, p) => new { x.RegionCode, x.Offering, Provider = p })
            .OrderBy(x => x.Offering.Id).ThenBy(x => x.RegionCode).ToListAsync(ct);
        var flags = new List<PriceFlag>();
        foreach (var item in offered)
        {
            if (await ForAsync(item.RegionCode, item.Offering.Type, ct) is { } reference && item.Offering.PriceFen > reference.PriceFen)
                flags.Add(new PriceFlag(item.Offering, item.Provider, item.RegionCode, reference.PriceFen, reference.RegionCode));
        }
        return flags;
    }

    private async Task EnsureBureauAsync(ClaimsPrincipal caller, string regionCode, CancellationToken ct)
    {
        await access.EnsureAsync(caller, regionCode, write: true, ct);
        if (!GrantClaim.IsPlatformAdmin(caller) && !await access.HoldsRoleOverAsync(caller, [PlatformRoles.BureauAdmin], regionCode, ct))
            throw new PlatformException(403, "参考价由主管部门（退役军人事务局）设定。", "Reference prices are set by the bureau.");
    }
}
