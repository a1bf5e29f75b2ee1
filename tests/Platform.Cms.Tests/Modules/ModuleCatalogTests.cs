using Platform.Core.Modules;

namespace Platform.Cms.Tests.Modules;

public class ModuleCatalogTests
{
    private sealed class Fake(string id, params string[] deps) : PlatformModule
    {
        public override ModuleManifest Manifest { get; } =
            new(id, id + "模块", id, "1.0.0", "test", id.ToLowerInvariant()) { Dependencies = deps };
    }

    [Fact]
    public void Modules_are_ordered_after_their_dependencies()
    {
        var catalog = ModuleCatalog.Create([new Fake("C", "B"), new Fake("A"), new Fake("B", "A")]);
        Assert.Equal(["A", "B", "C"], catalog.Modules.Select(m => m.Manifest.Id));
        Assert.Equal(["B"], catalog.Dependents("A").Select(m => m.Manifest.Id));
    }

    [Fact]
    public void A_missing_dependency_stops_start_naming_both_modules()
    {
        var ex = Assert.Throws<ModuleLoadException>(() => ModuleCatalog.Create([new Fake("Sanatoriums", "Veterans")]));
        Assert.Contains("Sanatoriums → Veterans", ex.Message, StringComparison.Ordinal);
        Assert.Contains("缺少依赖", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dependency_cycle_stops_start_naming_the_cycle()
    {
        var ex = Assert.Throws<ModuleLoadException>(() =>
            ModuleCatalog.Create([new Fake("A", "B"), new Fake("B", "C"), new Fake("C", "A")]));
        Assert.Contains("A → B → C → A", ex.Message, StringComparison.Ordinal);
        Assert.Contains("循环", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_ids_are_refused()
    {
        var ex = Assert.Throws<ModuleLoadException>(() => ModuleCatalog.Create([new Fake("A"), new Fake("A")]));
        Assert.Contains("A", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Discovery_finds_the_fixture_modules_named_explicitly_and_the_installed_ones_beside_the_host()
    {
        var assemblies = ModuleDiscovery.FindAssemblies(AppContext.BaseDirectory, ["Platform.TestModules"]);
        var ids = ModuleDiscovery.CreateModules(assemblies).Select(m => m.Manifest.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Alpha", "Beta", "OralHistory", "Veterans"], ids);
        Assert.DoesNotContain(assemblies, a => a.GetName().Name!.EndsWith(".Contracts", StringComparison.Ordinal));
    }

    [Fact]
    public void Migration_versions_must_run_one_two_three()
    {
        var ex = Assert.Throws<ModuleLoadException>(() => Platform.Cms.Data.MigrationRunner.ValidateOrder("X",
            [new(1, "a", _ => { }), new(3, "c", _ => { })]));
        Assert.Contains("X", ex.Message, StringComparison.Ordinal);
    }
}
