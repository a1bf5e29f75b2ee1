using Platform.Cms.Data;
using Platform.Cms.Features;
using Platform.Cms.Theming;
using Platform.Core.Data;
using Platform.Core.Modules;
using Platform.Core.Regions;
using Platform.Core.Search;
using Platform.Core.Text;

namespace Platform.Cms.Site;

/// <summary>The public site's own pages (region home, the list of provinces) and <c>/health</c>.</summary>
public static class SiteEndpoints
{
    public static void MapSite(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", Index).AllowAnonymous().WithName("SiteIndex").ExcludeFromDescription();
        endpoints.MapGet("/r/{region}/", RegionHome).AllowAnonymous().WithName("RegionHome").ExcludeFromDescription();
        endpoints.MapGet("/r/{region}/search", Search).AllowAnonymous().WithName("RegionSearch").ExcludeFromDescription();
        endpoints.MapGet("/r/{region}/search.json", SearchJson).AllowAnonymous().WithName("RegionSearchJson").ExcludeFromDescription();
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

    /// <summary>The public search page: the region's subtree, published documents of the modules open there.</summary>
    private static async Task<IResult> Search(
        string region, string? q, string? module, string? tag, int? year, int? page, HttpContext http, PlatformState state, ThemeRenderer renderer, ISearchIndex index)
    {
        var snapshot = await state.GetAsync(http.RequestAborted);
        if (!snapshot.ByCode.TryGetValue(region, out var info) || info.Archived) return await renderer.NotFoundAsync(http);
        var pageNumber = Math.Clamp(page ?? 1, 1, 100);
        var results = await RunSearchAsync(snapshot, index, region, q, module, null, tag, year, (pageNumber - 1) * PageSize, http.RequestAborted);
        var hits = results.Hits.Select(h => new
        {
            h.Title, h.Url, Snippet = new TrustedHtml(h.SnippetHtml), Region = snapshot.ByCode.GetValueOrDefault(h.RegionCode)?.Name ?? h.RegionCode,
            h.Tags, h.Year,
            // Built here: the template sandbox has no url.escape (a hit with tags broke the page).
            TagLinks = h.Tags.Select(t => new { Name = t, Url = $"/r/{region}/search?q={Uri.EscapeDataString(q ?? "")}&tag={Uri.EscapeDataString(t)}" }).ToList(),
        });
        string Link(int p) => $"/r/{region}/search?q={Uri.EscapeDataString(q ?? "")}" + (module is null ? "" : $"&module={Uri.EscapeDataString(module)}")
            + (tag is null ? "" : $"&tag={Uri.EscapeDataString(tag)}") + (year is null ? "" : $"&year={year}") + $"&page={p}";
        return await renderer.RenderPageAsync(http, "Core/search", new Dictionary<string, object?>
        {
            ["q"] = q ?? "", ["hits"] = hits, ["total"] = results.Total, ["region_name"] = info.Name, ["action"] = $"/r/{region}/search",
            ["tag"] = tag, ["year"] = year, ["module"] = module,
            ["next"] = pageNumber * PageSize < results.Total ? Link(pageNumber + 1) : null,
            ["previous"] = pageNumber > 1 ? Link(pageNumber - 1) : null,
        }, string.IsNullOrWhiteSpace(q) ? Bilingual.T("搜索", "Search") : $"{q} - {Bilingual.T("搜索", "Search")}");
    }

    /// <summary>The same search as JSON: <c>{ total, hits: [{ title, url, snippet, region, module, type, tags, year }] }</c>.</summary>
    private static async Task<IResult> SearchJson(
        string region, string? q, string? module, string? type, string? tag, int? year, int? skip, HttpContext http, PlatformState state, ISearchIndex index)
    {
        var snapshot = await state.GetAsync(http.RequestAborted);
        if (!snapshot.ByCode.TryGetValue(region, out var info) || info.Archived) return Results.NotFound();
        var results = await RunSearchAsync(snapshot, index, region, q, module, type, tag, year, Math.Max(0, skip ?? 0), http.RequestAborted);
        return Results.Json(new
        {
            total = results.Total,
            hits = results.Hits.Select(h => new { title = h.Title, url = h.Url, snippet = h.SnippetHtml, region = h.RegionCode, module = h.ModuleId, type = h.Type, tags = h.Tags, year = h.Year }),
        });
    }

    private const int PageSize = 10;

    private static async Task<SearchResults> RunSearchAsync(
        StateSnapshot snapshot, ISearchIndex index, string region, string? q, string? module, string? type, string? tag, int? year, int skip, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(q)) return new SearchResults([], 0);
        var results = await index.SearchAsync(new SearchQuery(q, region, module, type, tag, year, skip, PageSize), ct);
        // A module switched off where the record lives shows nothing there, search included.
        var open = results.Hits.Where(h => FeatureResolver.Resolve(snapshot.ByCode, snapshot.Overrides, h.RegionCode, h.ModuleId).Enabled).ToList();
        return new SearchResults(open, results.Total - (results.Hits.Count - open.Count));
    }

    private static IResult Health(DatabaseSettings database, ModuleCatalog catalog) => Results.Json(new
    {
        status = "ok",
        database = database.DisplayName,
        modules = catalog.Modules.Select(m => new { id = m.Manifest.Id, version = m.Manifest.Version }),
    });
}
