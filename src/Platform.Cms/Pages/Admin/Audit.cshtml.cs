using Microsoft.EntityFrameworkCore;
using Platform.Cms.Admin;
using Platform.Cms.Data;

namespace Platform.Cms.Pages.Admin;

public sealed class AuditModel(PlatformState state, CoreDbContext db) : AdminPageModel(state)
{
    public IReadOnlyList<AuditRecord> Entries { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await LoadRegionAsync();
        var codes = Region is null ? [] : Snapshot.Regions.Where(Region.Contains).Select(r => r.Code).ToList();
        Entries = await db.Audit.AsNoTracking()
            .Where(a => a.RegionCode == null || codes.Contains(a.RegionCode))
            .OrderByDescending(a => a.Id)
            .Take(200)
            .ToListAsync(HttpContext.RequestAborted);
    }
}
