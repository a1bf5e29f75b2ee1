namespace Platform.Core.Modules;

/// <summary>What a module is: identity, names in both languages, version and the modules it needs.</summary>
/// <param name="Id">Stable identifier, PascalCase (e.g. <c>OralHistory</c>); prefixes the module's tables in lower case.</param>
/// <param name="NameZh">Chinese display name.</param>
/// <param name="NameEn">English display name.</param>
/// <param name="Version">Semantic version of the module.</param>
/// <param name="Category">Grouping shown in the admin (e.g. 服务 / Services).</param>
/// <param name="Slug">URL segment for the module's public, admin and API routes (e.g. <c>oral-history</c>).</param>
public sealed record ModuleManifest(
    string Id,
    string NameZh,
    string NameEn,
    string Version,
    string Category,
    string Slug)
{
    /// <summary>Ids of the modules this one depends on; they must be installed and enabled wherever this one is.</summary>
    public IReadOnlyList<string> Dependencies { get; init; } = [];

    /// <summary>The table-name prefix for this module (lower-case id followed by an underscore).</summary>
    public string TablePrefix => Id.ToLowerInvariant() + "_";
}
