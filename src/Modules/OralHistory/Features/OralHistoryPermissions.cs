using System.Security.Claims;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Modules;

namespace Platform.Modules.OralHistory.Features;

/// <summary>Who may write stories (liaison officers and bureaus) and who reviews and publishes them (bureaus).</summary>
public static class OralHistoryPermissions
{
    public const string Edit = "oralhistory.edit";
    public const string Review = "oralhistory.review";

    public static IReadOnlyList<PermissionDescriptor> All { get; } =
    [
        new(Edit, "编写口述历史、登记同意书、排入专栏", "Write stories, record consent, queue for the column", [PlatformRoles.LiaisonOfficer, PlatformRoles.BureauAdmin]),
        new(Review, "审核、发布和撤下口述历史", "Review, publish and withdraw stories", [PlatformRoles.BureauAdmin]),
    ];

    /// <summary>Throws 404 outside the caller's scope and 403 when the caller may see the region but lacks the permission.</summary>
    public static async Task EnsureAsync(IAccessScope access, ClaimsPrincipal caller, string permission, string regionCode, CancellationToken ct)
    {
        // As the content store and the workflow do: visible (else 404), then the module permission's roles (else 403).
        await access.EnsureAsync(caller, regionCode, write: false, ct);
        if (!await HoldsAsync(access, caller, permission, regionCode, ct))
            throw new PlatformException(403, "您的账号没有办理此项口述历史事务的权限，请联系上级管理员。", "You lack the oral-history permission for this.");
    }

    public static async Task<bool> HoldsAsync(IAccessScope access, ClaimsPrincipal caller, string permission, string regionCode, CancellationToken ct) =>
        GrantClaim.IsPlatformAdmin(caller)
        || await access.HoldsRoleOverAsync(caller, All.Single(p => p.Name == permission).Roles ?? [], regionCode, ct);
}
