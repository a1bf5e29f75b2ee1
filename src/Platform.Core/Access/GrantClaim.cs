using System.Security.Claims;

namespace Platform.Core.Access;

/// <summary>
/// One scoped role as carried in a cookie or token: claim type <c>grant</c>, value
/// <c>role|region|organisation|institution|veteran</c> with empty parts where the grant has no such scope.
/// </summary>
public sealed record GrantClaim(string Role, string? RegionCode, string? OrganisationId, string? InstitutionId = null, string? VeteranId = null)
{
    /// <summary>The claim type.</summary>
    public const string ClaimType = "grant";

    /// <summary>The claim value.</summary>
    public string Format() => string.Join('|', Role, RegionCode, OrganisationId, InstitutionId, VeteranId);

    /// <summary>Parses a claim value; null when it is not a grant.</summary>
    public static GrantClaim? Parse(string value)
    {
        var parts = value.Split('|');
        if (parts.Length != 5 || string.IsNullOrEmpty(parts[0])) return null;
        static string? Part(string p) => p.Length == 0 ? null : p;
        return new GrantClaim(parts[0], Part(parts[1]), Part(parts[2]), Part(parts[3]), Part(parts[4]));
    }

    /// <summary>True when the principal holds the platform-administrator grant (every permission, every region).</summary>
    public static bool IsPlatformAdmin(ClaimsPrincipal principal) => IsPlatformAdmin(Of(principal));

    /// <summary>True when the grants include the platform-administrator grant.</summary>
    public static bool IsPlatformAdmin(IEnumerable<GrantClaim> grants) => grants.Any(g => g.Role == PlatformRoles.PlatformAdmin);

    /// <summary>The grants a principal holds.</summary>
    public static IReadOnlyList<GrantClaim> Of(ClaimsPrincipal principal) =>
        principal.FindAll(ClaimType).Select(c => Parse(c.Value)).OfType<GrantClaim>().ToList();
}
