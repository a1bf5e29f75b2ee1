using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Features;
using Platform.Core.Modules;
using Platform.Core.Regions;
using Platform.Modules.Veterans.Data;

namespace Platform.Modules.Veterans.Features;

/// <summary>
/// Every scope question of the module, answered through <see cref="IAccessScope"/>: outside the caller's regions a
/// record does not exist (404); inside them, an action the caller's roles do not carry is refused (403).
/// </summary>
public sealed class VeteranAccess(IAccessScope access, IRegionDirectory regions, IFeatureGate features, VeteransDbContext db)
{
    public const string ModuleId = "Veterans";

    public async Task<bool> HoldsAsync(ClaimsPrincipal user, PermissionDescriptor permission, string regionCode, CancellationToken ct = default) =>
        GrantClaim.IsPlatformAdmin(user) || await access.HoldsRoleOverAsync(user, permission.Roles ?? [], regionCode, ct);

    /// <summary>The region must be visible (else 404) and the caller must hold the permission there (else 403).</summary>
    public async Task EnsureAsync(ClaimsPrincipal user, PermissionDescriptor permission, string regionCode, CancellationToken ct = default)
    {
        await access.EnsureAsync(user, regionCode, write: false, ct);
        if (!await HoldsAsync(user, permission, regionCode, ct))
            throw new PlatformException(403, $"您的账号没有“{permission.DescriptionZh}”的权限。如需办理，请联系上级管理员。",
                $"Your account may not: {permission.DescriptionEn}. Ask your administrator.");
    }

    /// <summary>The record, if the caller may see it and the module is on in its region; else 404.</summary>
    public async Task<Veteran> VisibleAsync(ClaimsPrincipal user, long id, CancellationToken ct = default)
    {
        var veteran = await db.Veterans.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);
        if (veteran is null || !await features.IsEnabledAsync(veteran.RegionCode, ModuleId, ct)) throw Missing(id);
        var decision = await access.ForVeteranAsync(user, Key(id), veteran.RegionCode, write: false, ct);
        if (decision != AccessDecision.Allowed) throw Missing(id);
        if (await InstitutionLimitAsync(user, veteran.RegionCode, ct) is { } homes
            && !(veteran.InstitutionId is { } home && homes.Contains(home))
            && !await db.Assignments.AnyAsync(a => a.VeteranId == id && a.OfficerUserName == user.Identity!.Name, ct))
            throw Missing(id);
        return veteran;
    }

    /// <summary>Staff who may open the record at all (the veteran's own grant aside).</summary>
    public async Task<Veteran> VisibleToStaffAsync(ClaimsPrincipal user, long id, PermissionDescriptor permission, CancellationToken ct = default)
    {
        var veteran = await VisibleAsync(user, id, ct);
        await EnsureAsync(user, permission, veteran.RegionCode, ct);
        return veteran;
    }

    /// <summary>
    /// Least access: bureau administrators over the region, the liaison officer assigned to the household, and the
    /// veteran (or named family) themselves. Other liaison officers of the region see the record without these fields.
    /// </summary>
    public async Task<bool> MaySeeSensitiveAsync(ClaimsPrincipal user, Veteran veteran, CancellationToken ct = default)
    {
        if (GrantClaim.IsPlatformAdmin(user)) return true;
        if (GrantClaim.Of(user).Any(g => g.Role == PlatformRoles.Veteran && g.VeteranId == Key(veteran.Id))) return true;
        if (await access.HoldsRoleOverAsync(user, [PlatformRoles.BureauAdmin], veteran.RegionCode, ct)) return true;
        if (!await access.HoldsRoleOverAsync(user, [PlatformRoles.LiaisonOfficer], veteran.RegionCode, ct)) return false;
        var name = user.Identity?.Name;
        return name is not null && await db.Assignments.AnyAsync(a => a.VeteranId == veteran.Id && a.OfficerUserName == name, ct);
    }

    /// <summary>The region and every region below it that the caller may see (404 when the region itself is hidden).</summary>
    public async Task<IReadOnlyList<string>> SubtreeAsync(ClaimsPrincipal user, string regionCode, CancellationToken ct = default)
    {
        await access.EnsureAsync(user, regionCode, write: false, ct);
        var root = await regions.FindAsync(regionCode, ct) ?? throw Missing(regionCode);
        var visible = await access.VisibleRegionsAsync(user, ct);
        return (await regions.AllAsync(ct)).Where(r => root.Contains(r) && (visible is null || visible.Contains(r.Code))).Select(r => r.Code).ToList();
    }

    /// <summary>
    /// For a liaison officer whose every grant over the region names a rest home: those rest homes (they see the
    /// households of their rest home, and those assigned to them). Null when the caller's view of the region is not so limited.
    /// </summary>
    public async Task<IReadOnlySet<long>?> InstitutionLimitAsync(ClaimsPrincipal user, string regionCode, CancellationToken ct = default)
    {
        if (GrantClaim.IsPlatformAdmin(user) || await access.HoldsRoleOverAsync(user, [PlatformRoles.BureauAdmin], regionCode, ct)) return null;
        var target = await regions.FindAsync(regionCode, ct);
        if (target is null) return null;
        var homes = new HashSet<long>();
        foreach (var grant in GrantClaim.Of(user).Where(g => g.Role == PlatformRoles.LiaisonOfficer && g.RegionCode is not null))
        {
            if (await regions.FindAsync(grant.RegionCode!, ct) is not { } root || !root.Contains(target)) continue;
            if (grant.InstitutionId is null) return null;
            if (long.TryParse(grant.InstitutionId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var home))
                homes.Add(home);
            else
                homes.Add(-1); // names no rest home of this registry: sees none of them
        }
        return homes.Count == 0 ? null : homes;
    }

    public static string Key(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static PlatformException Missing(object what) =>
        PlatformException.NotFound($"未找到档案“{what}”，或不在您的管辖范围内。", $"Record '{what}' was not found.");
}
