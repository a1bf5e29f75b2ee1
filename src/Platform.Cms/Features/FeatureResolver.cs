using Platform.Core.Modules;
using Platform.Core.Regions;

namespace Platform.Cms.Features;

/// <summary>Where a region's switch for a module comes from.</summary>
public sealed record FeatureState(string ModuleId, bool Enabled, string? SetAtRegion)
{
    public bool IsOverride(string regionCode) => SetAtRegion == regionCode;
}

/// <summary>
/// Pure rules for feature switches: the nearest explicit switch up the tree wins (off when none), and
/// a module may only be on where every module it depends on is on.
/// </summary>
public static class FeatureResolver
{
    public static FeatureState Resolve(
        IReadOnlyDictionary<string, RegionInfo> regions,
        IReadOnlyDictionary<(string Region, string Module), bool> overrides,
        string regionCode, string moduleId)
    {
        for (var current = regions.GetValueOrDefault(regionCode);
             current is not null;
             current = current.ParentCode is null ? null : regions.GetValueOrDefault(current.ParentCode))
        {
            if (overrides.TryGetValue((current.Code, moduleId), out var enabled))
                return new FeatureState(moduleId, enabled, current.Code);
        }
        return new FeatureState(moduleId, false, null);
    }

    /// <summary>
    /// Every place in the subtree of <paramref name="root"/> where a module would be on while one of its
    /// dependencies is off, given the proposed <paramref name="overrides"/>.
    /// </summary>
    public static IReadOnlyList<DependencyViolation> FindViolations(
        IReadOnlyDictionary<string, RegionInfo> regions,
        IReadOnlyDictionary<(string Region, string Module), bool> overrides,
        ModuleCatalog catalog, RegionInfo root)
    {
        var violations = new List<DependencyViolation>();
        foreach (var region in regions.Values.Where(root.Contains).OrderBy(r => r.Path, StringComparer.Ordinal))
        {
            foreach (var module in catalog.Modules)
            {
                if (!Resolve(regions, overrides, region.Code, module.Manifest.Id).Enabled) continue;
                foreach (var dep in module.Manifest.Dependencies)
                {
                    if (!Resolve(regions, overrides, region.Code, dep).Enabled)
                        violations.Add(new DependencyViolation(region, module.Manifest, catalog.Find(dep)!.Manifest));
                }
            }
        }
        return violations;
    }
}

/// <summary><paramref name="Module"/> would be on in <paramref name="Region"/> without <paramref name="Dependency"/>.</summary>
public sealed record DependencyViolation(RegionInfo Region, ModuleManifest Module, ModuleManifest Dependency);
