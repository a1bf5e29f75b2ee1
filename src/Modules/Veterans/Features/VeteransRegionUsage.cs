using Microsoft.EntityFrameworkCore;
using Platform.Core.Regions;
using Platform.Modules.Veterans.Data;

namespace Platform.Modules.Veterans.Features;

/// <summary>A region with veterans, rest homes or officers in it cannot be deleted.</summary>
public sealed class VeteransRegionUsage(VeteransDbContext db) : IRegionUsage
{
    public async Task<int> CountReferencesAsync(string regionCode, CancellationToken cancellationToken) =>
        await db.Veterans.CountAsync(v => v.RegionCode == regionCode, cancellationToken)
        + await db.Institutions.CountAsync(i => i.RegionCode == regionCode, cancellationToken)
        + await db.Officers.CountAsync(o => o.RegionCode == regionCode, cancellationToken);
}
