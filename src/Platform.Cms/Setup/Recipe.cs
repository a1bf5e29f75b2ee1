namespace Platform.Cms.Setup;

/// <summary>
/// A recipe: the demo loader and the export/import format in one. Regions are created in order
/// (parents first); feature switches use <c>"*"</c> for every installed module, minus <c>Except</c>.
/// </summary>
public sealed record Recipe(
    string Name,
    IReadOnlyList<RecipeRegion>? Regions,
    IReadOnlyList<RecipeFeature>? Features,
    IReadOnlyList<RecipeAccount>? Accounts,
    IReadOnlyList<RecipeClient>? Clients = null);

public sealed record RecipeRegion(string Code, string? Parent, string Name, string Slug);

public sealed record RecipeFeature(string Region, string Module, bool Enabled, IReadOnlyList<string>? Except);

/// <summary>A person; <c>AuthenticatorKey</c> (base32) pre-enrols a second factor, for demo accounts only.</summary>
public sealed record RecipeAccount(
    string UserName, string DisplayName, string Password, IReadOnlyList<Identity.GrantInput>? Grants, string? AuthenticatorKey = null);

/// <summary>A provider's system with a fixed secret, for the demo only (real clients get a generated secret).</summary>
public sealed record RecipeClient(string ClientId, string DisplayName, string OrganisationId, string RegionCode, string Secret, IReadOnlyList<string> Scopes);
