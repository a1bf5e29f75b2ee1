using Microsoft.EntityFrameworkCore;
using Platform.Cms.Admin;
using Platform.Cms.Data;
using Platform.Core.Access;

namespace Platform.Cms.Pages.Admin;

public sealed class AuditModel(PlatformState state, IAccessScope access, CoreDbContext db) : AdminPageModel(state, access)
{
    public IReadOnlyList<AuditRecord> Entries { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await LoadRegionAsync();
        var codes = Region is null ? [] : Snapshot.Regions.Where(Region.Contains).Select(r => r.Code).ToList();
        // Entries without a region (sign-ins, accounts) are for platform administrators only.
        var withoutRegion = IsPlatformAdmin;
        Entries = await db.Audit.AsNoTracking()
            .Where(a => (withoutRegion && a.RegionCode == null) || (a.RegionCode != null && codes.Contains(a.RegionCode)))
            .OrderByDescending(a => a.Id)
            .Take(200)
            .ToListAsync(HttpContext.RequestAborted);
    }
}
