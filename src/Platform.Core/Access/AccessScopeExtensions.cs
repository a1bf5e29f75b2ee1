using System.Security.Claims;

namespace Platform.Core.Access;

/// <summary>Turns an <see cref="AccessDecision"/> into the refusal every module gives: 404 outside scope, 403 when visible but not allowed.</summary>
public static class AccessScopeExtensions
{
    /// <summary>Throws a <see cref="PlatformException"/> unless the caller may act on the region.</summary>
    public static async ValueTask EnsureAsync(this IAccessScope access, ClaimsPrincipal caller, string regionCode, bool write, CancellationToken cancellationToken = default)
    {
        var decision = await access.ForRegionAsync(caller, regionCode, write, cancellationToken);
        Throw(decision, regionCode);
    }

    /// <summary>Throws for <see cref="AccessDecision.Hidden"/> (404) and <see cref="AccessDecision.Forbidden"/> (403).</summary>
    public static void Throw(AccessDecision decision, string what)
    {
        if (decision == AccessDecision.Hidden)
            throw PlatformException.NotFound($"未找到“{what}”。", $"'{what}' was not found.");
        if (decision == AccessDecision.Forbidden)
            throw new PlatformException(403, $"您的账号可以查看“{what}”，但无权修改。如需修改，请联系上级管理员。",
                $"You may see '{what}' but not change it. Ask your administrator.");
    }
}
