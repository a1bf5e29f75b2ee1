namespace Platform.Cms.Setup;

/// <summary>
/// A recipe: the demo loader and the export/import format in one. Regions are created in order
/// (parents first); feature switches use <c>"*"</c> for every installed module, minus <c>Except</c>.
/// </summary>
public sealed record Recipe(
    string Name,
    IReadOnlyList<RecipeRegion>? Regions,
    IReadOnlyList<RecipeFeature>? Features,
    IReadOnlyList<RecipeAccount>? Accounts);

public sealed record RecipeRegion(string Code, string? Parent, string Name, string Slug);

public sealed record RecipeFeature(string Region, string Module, bool Enabled, IReadOnlyList<string>? Except);

public sealed record RecipeAccount(string UserName, string DisplayName, string Password);
