using System.Text.Json;
using Platform.Cms.Features;
using Platform.Cms.Regions;
using Platform.Core.Modules;

namespace Platform.Cms.Setup;

/// <summary>Loads a recipe through the same services the admin uses, so every rule and audit entry applies.</summary>
public sealed class RecipeLoader(RegionService regions, FeatureService features, AccountService accounts, ModuleCatalog catalog)
{
    public const string Actor = "recipe";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Recipe Read(string path) =>
        JsonSerializer.Deserialize<Recipe>(File.ReadAllText(path), Json)
        ?? throw new InvalidOperationException($"Recipe {path} is empty.");

    public async Task LoadAsync(Recipe recipe, CancellationToken ct = default)
    {
        foreach (var r in recipe.Regions ?? [])
            await regions.CreateAsync(new RegionInput(r.Code, r.Parent, r.Name, r.Slug), Actor, ct);

        foreach (var f in recipe.Features ?? [])
        {
            var ids = f.Module == "*"
                ? catalog.Modules.Select(m => m.Manifest.Id).Except(f.Except ?? []).ToList()
                : [f.Module];
            // Switch dependencies on before dependents, and dependents off before dependencies.
            if (!f.Enabled) ids.Reverse();
            foreach (var id in ids)
                await features.SetAsync(f.Region, id, f.Enabled ? FeatureSwitch.On : FeatureSwitch.Off, Actor, ct);
        }

        foreach (var a in recipe.Accounts ?? [])
            await accounts.CreateAsync(a.UserName, a.DisplayName, a.Password, ct);
    }
}
