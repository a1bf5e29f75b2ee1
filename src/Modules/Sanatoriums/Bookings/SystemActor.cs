using System.Security.Claims;
using Platform.Core.Access;

namespace Platform.Modules.Sanatoriums.Bookings;

/// <summary>
/// The module acting by itself through the workflow engine (withdrawing a reminder, cancelling the stays of a veteran
/// the registry marks hospitalised or deceased), recorded in the history as <c>system:sanatoriums</c>.
/// </summary>
internal static class SystemActor
{
    public const string Name = "system:sanatoriums";

    public static readonly ClaimsPrincipal Principal = new(new ClaimsIdentity(
        [new Claim("name", Name), new Claim(GrantClaim.ClaimType, new GrantClaim(PlatformRoles.PlatformAdmin, null, null).Format())], "system", "name", "role"));
}
