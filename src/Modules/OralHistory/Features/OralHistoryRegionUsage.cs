using Microsoft.EntityFrameworkCore;
using Platform.Core.Regions;
using Platform.Modules.OralHistory.Data;

namespace Platform.Modules.OralHistory.Features;

/// <summary>A region with stories, narrators, collections or a column is not deleted.</summary>
public sealed class OralHistoryRegionUsage(OralHistoryDbContext db) : IRegionUsage
{
    public async Task<int> CountReferencesAsync(string regionCode, CancellationToken cancellationToken) =>
        await db.Stories.CountAsync(s => s.RegionCode == regionCode, cancellationToken)
        + await db.Narrators.CountAsync(n => n.RegionCode == regionCode, cancellationToken)
        + await db.Collections.CountAsync(c => c.RegionCode == regionCode, cancellationToken)
        + await db.ColumnSettings.CountAsync(c => c.RegionCode == regionCode, cancellationToken)
        + await db.ColumnSlots.CountAsync(c => c.ColumnRegion == regionCode, cancellationToken);
}
