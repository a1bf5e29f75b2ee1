using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Cms.Data;
using Platform.Cms.Features;
using Platform.Cms.Regions;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Modules;
using Platform.Core.Regions;
using Platform.Core.Text;

namespace Platform.Cms.Api;

public sealed record RenameRegionRequest([SingleLine(50, Label = "名称")] string Name, [SingleLine(64, Label = "网址名")] string? Slug);
public sealed record MoveRegionRequest([SingleLine(12, Label = "上级代码")] string ParentCode);
public sealed record SetFeatureRequest([SingleLine(20, Label = "state")] string State);
public sealed record SetThemeRequest([SingleLine(64, Label = "主题")] string? Theme);
public sealed record FeatureDto(string ModuleId, string Name, bool Enabled, bool Override, string? SetAtRegion);

/// <summary>The region tree and its module switches as an API (platform administrators write).</summary>
public static class RegionEndpoints
{
    public static void MapRegionApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/regions")
            .WithTags("Regions")
            .RequireAuthorization(PlatformPolicies.Api)
            .AddEndpointFilter<PlatformExceptionFilter>()
            .CheckText();
        group.MapGet("/", ListRegions).WithName("ListRegions").RequireScope("regions.read");
        group.MapGet("/{code}", GetRegion).WithName("GetRegion").RequireScope("regions.read");
        group.MapGet("/{code}/features", ListFeatures).WithName("ListRegionFeatures").RequireScope("regions.read");
        // The tree itself follows GB/T 2260 and is kept by platform administrators.
        var tree = group.MapGroup("").RequireScope("regions.write").RequireAuthorization(PlatformPolicies.PlatformAdmin);
        tree.MapPost("/", CreateRegion).WithName("CreateRegion");
        tree.MapPut("/{code}", RenameRegion).WithName("RenameRegion");
        tree.MapPost("/{code}/move", MoveRegion).WithName("MoveRegion");
        tree.MapPost("/{code}/archive", (string code, HttpContext http, RegionService regions, CancellationToken ct) =>
            SetArchived(code, true, http, regions, ct)).WithName("ArchiveRegion");
        tree.MapPost("/{code}/restore", (string code, HttpContext http, RegionService regions, CancellationToken ct) =>
            SetArchived(code, false, http, regions, ct)).WithName("RestoreRegion");
        tree.MapDelete("/{code}", DeleteRegion).WithName("DeleteRegion");
        tree.MapPut("/{code}/theme", SetTheme).WithName("SetRegionTheme");
        // Module switches: any bureau administrator inside their own subtree.
        group.MapPut("/{code}/features/{moduleId}", SetFeature).WithName("SetRegionFeature").RequireScope("regions.write");
    }

    private static async Task<Ok<IReadOnlyList<RegionInfo>>> ListRegions(IRegionDirectory directory, CancellationToken ct) =>
        TypedResults.Ok(await directory.AllAsync(ct));

    private static async Task<Ok<RegionInfo>> GetRegion(string code, IRegionDirectory directory, CancellationToken ct) =>
        TypedResults.Ok(await directory.FindAsync(code, ct) ?? throw RegionErrors.NotFound(code));

    private static async Task<Created<RegionInfo>> CreateRegion(RegionInput input, HttpContext http, RegionService regions, CancellationToken ct)
    {
        var region = await regions.CreateAsync(input, Actor(http), ct);
        return TypedResults.Created($"/api/v1/regions/{region.Code}", region);
    }

    private static async Task<Ok<RegionInfo>> RenameRegion(string code, RenameRegionRequest body, HttpContext http, RegionService regions, CancellationToken ct) =>
        TypedResults.Ok(await regions.RenameAsync(code, body.Name, body.Slug, Actor(http), ct));

    private static async Task<Ok<RegionInfo>> MoveRegion(string code, MoveRegionRequest body, HttpContext http, RegionService regions, CancellationToken ct) =>
        TypedResults.Ok(await regions.MoveAsync(code, body.ParentCode, Actor(http), ct));

    private static async Task<Ok<RegionInfo>> SetArchived(string code, bool archived, HttpContext http, RegionService regions, CancellationToken ct) =>
        TypedResults.Ok(await regions.SetArchivedAsync(code, archived, Actor(http), ct));

    private static async Task<NoContent> DeleteRegion(string code, HttpContext http, RegionService regions, CancellationToken ct)
    {
        await regions.DeleteAsync(code, Actor(http), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SetTheme(
        string code, SetThemeRequest body, HttpContext http, RegionService regions, Theming.ThemeFiles themes, CancellationToken ct)
    {
        await regions.SetThemeAsync(code, body.Theme, themes.ThemeNames().ToList(), Actor(http), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IEnumerable<FeatureDto>>> ListFeatures(string code, FeatureService features, CancellationToken ct) =>
        TypedResults.Ok((await features.ListAsync(code, ct)).Select(ToDto));

    private static async Task<Ok<FeatureDto>> SetFeature(
        string code, string moduleId, SetFeatureRequest body, HttpContext http, FeatureService features, ModuleCatalog catalog,
        IAccessScope access, CancellationToken ct)
    {
        await access.EnsureAsync(http.User, code, write: true, ct);
        var change = body.State?.ToLowerInvariant() switch
        {
            "on" or "enabled" => FeatureSwitch.On,
            "off" or "disabled" => FeatureSwitch.Off,
            "inherit" => FeatureSwitch.Inherit,
            _ => throw PlatformException.Invalid("state 须为 on、off 或 inherit。", "state must be on, off or inherit."),
        };
        var state = await features.SetAsync(code, moduleId, change, Actor(http), ct);
        return TypedResults.Ok(ToDto(new ModuleFeatureView(catalog.Find(moduleId)!.Manifest, state, state.IsOverride(code))));
    }

    private static FeatureDto ToDto(ModuleFeatureView v) =>
        new(v.Module.Id, Core.Text.Bilingual.T(v.Module.NameZh, v.Module.NameEn), v.State.Enabled, v.HasOverride, v.State.SetAtRegion);

    public static string Actor(HttpContext http) => http.User.Identity?.Name ?? "anonymous";
}
