using Platform.Core.Access;

namespace Platform.Cms.Identity;

/// <summary>
/// What a registered provider system is bound to: one organisation (and the region it was registered for). A person's
/// token obtained through it carries only that person's provider roles for that organisation; every other grant
/// (bureau, liaison officer, veteran, platform administrator) stays behind. The platform's own admin client has none.
/// </summary>
public sealed record ClientBinding(string? OrganisationId, string? RegionCode)
{
    /// <summary>A client that names no organisation: its users' tokens carry no grant at all.</summary>
    public static ClientBinding Nothing { get; } = new(null, null);

    /// <summary>The grants of <paramref name="grants"/> a token obtained through this client may carry.</summary>
    public IEnumerable<GrantClaim> Admit(IEnumerable<GrantClaim> grants) =>
        grants.Where(g => OrganisationId is not null && g.OrganisationId == OrganisationId
            && g.Role is PlatformRoles.ProviderAdmin or PlatformRoles.ProviderStaff);
}
