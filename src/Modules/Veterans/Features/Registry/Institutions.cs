using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Auditing;
using Platform.Core.Regions;
using Platform.Modules.Veterans.Data;

namespace Platform.Modules.Veterans.Features.Registry;

/// <summary>Rest homes (军休所): each belongs to a region and serves that region and the regions below it.</summary>
public sealed class Institutions(VeteransDbContext db, VeteranAccess access, IRegionDirectory regions, IAuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<Institution>> ListAsync(ClaimsPrincipal user, string regionCode, CancellationToken ct = default)
    {
        var subtree = await access.SubtreeAsync(user, regionCode, ct);
        await access.EnsureAsync(user, VeteranPermissions.Read, regionCode, ct);
        var ancestry = (await regions.AncestryAsync(regionCode, ct)).Select(r => r.Code).ToList();
        return await db.Institutions.AsNoTracking().Where(i => subtree.Contains(i.RegionCode) || ancestry.Contains(i.RegionCode))
            .OrderBy(i => i.RegionCode).ThenBy(i => i.Name).ToListAsync(ct);
    }

    /// <summary>Ids of the rest homes that may look after someone living in <paramref name="regionCode"/>.</summary>
    public async Task<HashSet<long>> IdsInAsync(string regionCode, CancellationToken ct = default)
    {
        var ancestry = (await regions.AncestryAsync(regionCode, ct)).Select(r => r.Code).ToList();
        return (await db.Institutions.Where(i => ancestry.Contains(i.RegionCode)).Select(i => i.Id).ToListAsync(ct)).ToHashSet();
    }

    public async Task<long> CreateAsync(ClaimsPrincipal user, string regionCode, string? name, string? address, string? phone, string? staff, CancellationToken ct = default)
    {
        await access.EnsureAsync(user, VeteranPermissions.Write, regionCode, ct);
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
            throw PlatformException.Invalid("请填写军休所名称（不超过 100 字）。", "Enter the rest home's name (up to 100 characters).");
        var institution = new Institution
        {
            RegionCode = regionCode, Name = name.Trim(), Address = Blank(address), Phone = Blank(phone), Staff = Blank(staff),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Institutions.Add(institution);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(new AuditEntry("veterans.institution-create", VeteranRegistry.Actor(user), regionCode, VeteranAccess.ModuleId, null, institution.Name), ct);
        return institution.Id;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
