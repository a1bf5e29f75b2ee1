using Platform.Cms.Features;
using Platform.Core.Modules;
using Platform.Core.Regions;

namespace Platform.Cms.Tests.Features;

public class FeatureResolverTests
{
    private static readonly Dictionary<string, RegionInfo> Regions = new[]
    {
        new RegionInfo("510000", null, "四川省", "sichuan", RegionLevel.Province, "/510000/", false),
        new RegionInfo("511000", "510000", "内江市", "neijiang", RegionLevel.Prefecture, "/510000/511000/", false),
        new RegionInfo("511002", "511000", "市中区", "shizhong", RegionLevel.County, "/510000/511000/511002/", false),
    }.ToDictionary(r => r.Code);

    private sealed class Fake(string id, params string[] deps) : PlatformModule
    {
        public override ModuleManifest Manifest { get; } = new(id, id, id, "1", "t", id.ToLowerInvariant()) { Dependencies = deps };
    }

    [Fact]
    public void A_child_inherits_the_nearest_switch_and_can_override_it()
    {
        var overrides = new Dictionary<(string, string), bool> { [("510000", "M")] = true, [("511002", "M")] = false };
        Assert.Equal(new FeatureState("M", true, "510000"), FeatureResolver.Resolve(Regions, overrides, "511000", "M"));
        Assert.Equal(new FeatureState("M", false, "511002"), FeatureResolver.Resolve(Regions, overrides, "511002", "M"));
    }

    [Fact]
    public void Without_any_switch_a_module_is_off()
    {
        Assert.False(FeatureResolver.Resolve(Regions, new Dictionary<(string, string), bool>(), "511002", "M").Enabled);
    }

    [Fact]
    public void A_violation_is_found_in_a_descendant_that_overrides_the_dependency_off()
    {
        var catalog = ModuleCatalog.Create([new Fake("A"), new Fake("B", "A")]);
        var overrides = new Dictionary<(string, string), bool>
        {
            [("510000", "A")] = true, [("510000", "B")] = true, [("511002", "A")] = false,
        };
        var violations = FeatureResolver.FindViolations(Regions, overrides, catalog, Regions["510000"]);
        var v = Assert.Single(violations);
        Assert.Equal(("511002", "B", "A"), (v.Region.Code, v.Module.Id, v.Dependency.Id));
    }
}
