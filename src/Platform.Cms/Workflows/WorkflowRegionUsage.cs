using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Core.Regions;

namespace Platform.Cms.Workflows;

/// <summary>A region with processes, customisations, notification wording or uploads of its own cannot be deleted (only archived).</summary>
public sealed class WorkflowRegionUsage(CoreDbContext db) : IRegionUsage
{
    public async Task<int> CountReferencesAsync(string regionCode, CancellationToken cancellationToken) =>
        await db.WorkflowInstances.CountAsync(i => i.RegionCode == regionCode, cancellationToken)
        + await db.WorkflowCustomisations.CountAsync(c => c.RegionCode == regionCode, cancellationToken)
        + await db.NotificationTemplates.CountAsync(t => t.RegionCode == regionCode, cancellationToken)
        + await db.Media.CountAsync(m => m.RegionCode == regionCode, cancellationToken);
}
