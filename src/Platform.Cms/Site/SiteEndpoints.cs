using Platform.Cms.Data;
using Platform.Cms.Features;
using Platform.Cms.Theming;
using Platform.Core.Data;
using Platform.Core.Modules;
using Platform.Core.Regions;
using Platform.Core.Text;

namespace Platform.Cms.Site;

/// <summary>The public site's own pages (region home, the list of provinces) and <c>/health</c>.</summary>
public static class SiteEndpoints
{
    public static void MapSite(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", Index).AllowAnonymous().WithName("SiteIndex").ExcludeFromDescription();
        endpoints.MapGet("/r/{region}/", RegionHome).AllowAnonymous().WithName("RegionHome").ExcludeFromDescription();
        endpoints.MapGet("/health", Health).AllowAnonymous().WithName("Health").WithTags("Health");
    }

    private static async Task<IResult> Index(HttpContext http, PlatformState state, ThemeRenderer renderer)
    {
        var snapshot = await state.GetAsync(http.RequestAborted);
        var provinces = snapshot.Regions
            .Where(r => r.Level == RegionLevel.Province && !r.Archived)
            .Select(r => new { r.Code, r.Name, Url = $"/r/{r.Code}/" });
        return await renderer.RenderPageAsync(http, "Core/index",
            new Dictionary<string, object?> { ["provinces"] = provinces }, Bilingual.T("军休服务平台", "Veteran Cadre Services"));
    }

    private static async Task<IResult> RegionHome(
        string region, HttpContext http, PlatformState state, ThemeRenderer renderer, ModuleCatalog catalog, PublicModuleIndex publicModules)
    {
        var snapshot = await state.GetAsync(http.RequestAborted);
        if (!snapshot.ByCode.TryGetValue(region, out var info) || info.Archived)
            return await renderer.NotFoundAsync(http);
        var modules = catalog.Modules
            .Where(m => publicModules.ModuleIds.Contains(m.Manifest.Id)
                && FeatureResolver.Resolve(snapshot.ByCode, snapshot.Overrides, region, m.Manifest.Id).Enabled)
            .Select(m => new
            {
                m.Manifest.Id,
                Name = Bilingual.T(m.Manifest.NameZh, m.Manifest.NameEn),
                Url = $"/r/{region}/{m.Manifest.Slug}/",
            });
        var children = snapshot.Regions
            .Where(r => r.ParentCode == region && !r.Archived)
            .Select(r => new { r.Code, r.Name, Url = $"/r/{r.Code}/" });
        return await renderer.RenderPageAsync(http, "Core/home",
            new Dictionary<string, object?> { ["modules"] = modules, ["children"] = children, ["region_name"] = info.Name },
            info.Name + Bilingual.T("军休服务", " veteran services"));
    }

    private static IResult Health(DatabaseSettings database, ModuleCatalog catalog) => Results.Json(new
    {
        status = "ok",
        database = database.DisplayName,
        modules = catalog.Modules.Select(m => new { id = m.Manifest.Id, version = m.Manifest.Version }),
    });
}
