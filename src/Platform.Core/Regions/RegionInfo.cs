namespace Platform.Core.Regions;

/// <summary>Level of a region in the GB/T 2260 tree.</summary>
public enum RegionLevel
{
    /// <summary>省级 province-level division.</summary>
    Province = 1,
    /// <summary>地级 prefecture or city.</summary>
    Prefecture = 2,
    /// <summary>县级 county or district.</summary>
    County = 3,
}

/// <summary>A region as other modules see it.</summary>
/// <param name="Code">Six-digit GB/T 2260 code.</param>
/// <param name="ParentCode">Parent's code, null for a province.</param>
/// <param name="Name">Chinese name.</param>
/// <param name="Slug">URL-friendly name.</param>
/// <param name="Level">Province, prefecture or county.</param>
/// <param name="Path">Codes from the province down to this region, e.g. <c>/510000/511000/</c>.</param>
/// <param name="Archived">Archived regions keep their data but take no new work.</param>
public sealed record RegionInfo(
    string Code, string? ParentCode, string Name, string Slug, RegionLevel Level, string Path, bool Archived)
{
    /// <summary>True when <paramref name="other"/> is this region or lies below it.</summary>
    public bool Contains(RegionInfo other) => other.Path.StartsWith(Path, StringComparison.Ordinal);
}

/// <summary>Read access to the region tree for every module.</summary>
public interface IRegionDirectory
{
    /// <summary>The region with this code, or null.</summary>
    ValueTask<RegionInfo?> FindAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>The region and its ancestors, nearest first.</summary>
    ValueTask<IReadOnlyList<RegionInfo>> AncestryAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Every region (archived included), ordered by path.</summary>
    ValueTask<IReadOnlyList<RegionInfo>> AllAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Implemented by a module that stores records pointing at regions, so a region is never deleted
/// while something refers to it.
/// </summary>
public interface IRegionUsage
{
    /// <summary>How many of the module's records refer to the region (0 when none).</summary>
    Task<int> CountReferencesAsync(string regionCode, CancellationToken cancellationToken);
}
