namespace Platform.Core.Access;

/// <summary>The roles a grant can carry. A grant is a role plus the scope it applies to.</summary>
public static class PlatformRoles
{
    /// <summary>Runs the whole platform (no scope).</summary>
    public const string PlatformAdmin = "platform-admin";
    /// <summary>Bureau administrator for a region subtree.</summary>
    public const string BureauAdmin = "bureau-admin";
    /// <summary>Administrator of one provider organisation.</summary>
    public const string ProviderAdmin = "provider-admin";
    /// <summary>Staff of one provider organisation.</summary>
    public const string ProviderStaff = "provider-staff";
    /// <summary>Liaison officer for a region (or one institution within it).</summary>
    public const string LiaisonOfficer = "liaison-officer";
    /// <summary>A veteran (self) or a family member the veteran named.</summary>
    public const string Veteran = "veteran";
    /// <summary>A provider's own system, signed in with client credentials.</summary>
    public const string ProviderSystem = "provider-system";

    /// <summary>Every role, for validation and pickers.</summary>
    public static IReadOnlyList<string> All { get; } =
        [PlatformAdmin, BureauAdmin, ProviderAdmin, ProviderStaff, LiaisonOfficer, Veteran, ProviderSystem];

    /// <summary>Roles that must sign in with a second factor.</summary>
    public static IReadOnlySet<string> RequireTwoFactor { get; } = new HashSet<string> { PlatformAdmin, BureauAdmin };

    /// <summary>Roles that use the admin.</summary>
    public static IReadOnlySet<string> Staff { get; } =
        new HashSet<string> { PlatformAdmin, BureauAdmin, ProviderAdmin, ProviderStaff, LiaisonOfficer };
}
