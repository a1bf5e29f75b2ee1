using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Platform.Cms.Features;
using Platform.Cms.Identity;
using Platform.Cms.Regions;
using Platform.Core.Modules;

namespace Platform.Cms.Setup;

/// <summary>Loads a recipe through the same services the admin uses, so every rule and audit entry applies.</summary>
public sealed class RecipeLoader(
    RegionService regions, FeatureService features, PeopleService people, UserManager<PlatformUser> users, ClientRegistry clients, ModuleCatalog catalog)
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
        {
            var user = await people.CreateAsync(a.UserName, a.DisplayName, a.Password, a.Grants ?? [], Actor, ct);
            if (a.AuthenticatorKey is { Length: > 0 } key)
            {
                await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", key);
                await users.SetTwoFactorEnabledAsync(user, true);
            }
        }

        foreach (var c in recipe.Clients ?? [])
            await clients.CreateAsync(new ClientInput(c.ClientId, c.DisplayName, c.OrganisationId, c.RegionCode, true, [], c.Scopes, c.Secret), Actor, ct);
    }
}
