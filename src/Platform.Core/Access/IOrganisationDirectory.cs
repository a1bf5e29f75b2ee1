namespace Platform.Core.Access;

/// <summary>An organisation as the host sees it when binding an OAuth client to it.</summary>
/// <param name="Id">The platform organisation id (the one provider grants and OAuth clients carry).</param>
/// <param name="Name">Its name, for pickers and messages.</param>
/// <param name="Regions">The region codes it serves; its records lie in the subtree of each.</param>
public sealed record OrganisationInfo(string Id, string Name, IReadOnlyList<string> Regions);

/// <summary>
/// Implemented by a module that owns organisations (e.g. partner providers), registered in DI; the host asks every
/// implementation (<c>IEnumerable&lt;IOrganisationDirectory&gt;</c>) and never names a module. An organisation id is
/// expected to be known to at most one of them.
/// </summary>
public interface IOrganisationDirectory
{
    /// <summary>The organisation with this id, or null when this module does not own one.</summary>
    Task<OrganisationInfo?> FindAsync(string organisationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The organisations serving at least one of <paramref name="regionCodes"/> (null: every organisation), ordered by
    /// name, at most <paramref name="limit"/>: the choices of a form.
    /// </summary>
    Task<IReadOnlyList<OrganisationInfo>> ServingAsync(
        IReadOnlySet<string>? regionCodes, int limit, CancellationToken cancellationToken = default);
}
