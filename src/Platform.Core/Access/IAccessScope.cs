using System.Security.Claims;

namespace Platform.Core.Access;

/// <summary>
/// The one place that answers scope questions for people and tokens alike: which regions, organisations and
/// veterans a caller may see and act on. Every module uses it; lists, search and exports filter with it too.
/// </summary>
public interface IAccessScope
{
    /// <summary>May the caller see the region's records (<paramref name="write"/>: change them)?</summary>
    ValueTask<AccessDecision> ForRegionAsync(ClaimsPrincipal caller, string regionCode, bool write, CancellationToken cancellationToken = default);

    /// <summary>
    /// May the caller see (or change) the records of a provider organisation that serves
    /// <paramref name="organisationRegions"/>? Its own staff and systems may; bureaus whose subtree covers one
    /// of those regions may see it and change it.
    /// </summary>
    ValueTask<AccessDecision> ForOrganisationAsync(ClaimsPrincipal caller, string organisationId, IReadOnlyCollection<string> organisationRegions, bool write, CancellationToken cancellationToken = default);

    /// <summary>May the caller see (or change) a veteran's record (the veteran and named family; staff of the region).</summary>
    ValueTask<AccessDecision> ForVeteranAsync(ClaimsPrincipal caller, string veteranId, string regionCode, bool write, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the caller holds one of <paramref name="roles"/> through a grant whose region covers
    /// <paramref name="regionCode"/> (a permission a module gives to those roles applies there).
    /// </summary>
    ValueTask<bool> HoldsRoleOverAsync(ClaimsPrincipal caller, IReadOnlyCollection<string> roles, string regionCode, CancellationToken cancellationToken = default);

    /// <summary>The region codes whose records the caller may see (null: every region).</summary>
    ValueTask<IReadOnlySet<string>?> VisibleRegionsAsync(ClaimsPrincipal caller, CancellationToken cancellationToken = default);
}
