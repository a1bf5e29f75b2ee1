using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Caching;
using Platform.Core.Content;
using Platform.Core.Media;
using Platform.Core.Regions;
using Platform.Core.Theming;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Collections;
using Platform.Modules.OralHistory.Features.Column;
using Platform.Modules.OralHistory.Features.Honours;
using Platform.Modules.OralHistory.Features.Stories;
using static Platform.Modules.OralHistory.Features.Site.PublicModels;

namespace Platform.Modules.OralHistory.Features.Site;

/// <summary>
/// The public pages of a region: the column's latest story and browsing by era and region, the story page with its
/// player and synced transcript, the narrator page with honours, collections, an Atom feed, and the media (only of
/// published stories, only what the narrator consented to).
/// </summary>
public static class PublicPages
{
    public static void Map(RouteGroupBuilder group)
    {
        // Pages look the same to every anonymous visitor and every change of the module's data tells the public cache
        // (the DbContext and the content store do), so they are served from the output cache; media are not (ranges).
        group.MapGet("/", Index).CachePublicly();
        group.MapGet("/stories/{id}", StoryPage.Render).CachePublicly();
        group.MapGet("/narrators/{id:long}", NarratorPage.Render).CachePublicly();
        group.MapGet("/collections/{id:long}", CollectionPage).CachePublicly();
        group.MapGet("/feed.atom", AtomFeed.Render).CachePublicly();
        group.MapGet("/media/{storyId}/{mediaId}", Media);
        group.MapGet("/honours/{id:long}/image", HonourImage);
        group.MapGet("/assets/{name}", Asset);
    }

    /// <summary>True when <paramref name="code"/> is <paramref name="region"/> or below it.</summary>
    internal static async Task<bool> InRegionAsync(IRegionDirectory regions, string region, string code, CancellationToken ct) =>
        (await regions.AncestryAsync(code, ct)).Any(r => r.Code == region);

    private static async Task<IResult> Index(string region, string? era, HttpContext http, IContentStore content, ColumnService column,
        CollectionService collections, IRegionDirectory regions, IThemeRenderer theme)
    {
        var ct = http.RequestAborted;
        var here = await regions.FindAsync(region, ct);
        if (here is null) return Results.NotFound();
        era = string.IsNullOrWhiteSpace(era) ? null : era.Trim();
        var items = await content.ListPublishedAsync(new ContentQuery(StoryType.ModuleId, StoryType.Name, region, era, 0, 50), ct);
        var latest = era is null ? await column.LatestAsync(region, ct) : null;
        var children = (await regions.AllAsync(ct)).Where(r => r.ParentCode == region && !r.Archived)
            .Select(r => new { r.Name, Url = $"{Base(r.Code)}/" }).ToList();
        var volumes = (await collections.ListAsync(region, subtree: true, ct)).Select(c => new
        {
            c.Title, Kind = c.Kind == CollectionKind.Printed ? "文集" : "影像集", c.Year, Url = $"{Base(region)}/collections/{c.Id}", Count = c.Stories.Count,
        }).ToList();
        var model = new Dictionary<string, object?>
        {
            ["region_name"] = here.Name,
            ["era"] = era,
            ["latest"] = latest is null ? null : Card(region, latest),
            ["stories"] = items.Select(Story.From).Where(s => s.Id != latest?.Id).Select(s => Card(region, s)).ToList(),
            ["eras"] = StoryType.Eras.Select(e => Era(region, e, era)).ToList(),
            ["children"] = children,
            ["collections"] = volumes,
            ["feed_url"] = $"{Base(region)}/feed.atom",
            ["search_url"] = $"/r/{region}/search",
            ["assets"] = $"{Base(region)}/assets",
        };
        var title = era is null ? $"{here.Name} · 口述历史" : $"{era} · {here.Name}口述历史";
        return await theme.RenderPageAsync(http, "OralHistory/index", model, title);
    }

    private static async Task<IResult> CollectionPage(string region, long id, HttpContext http, CollectionService collections, StoryService stories,
        IRegionDirectory regions, IThemeRenderer theme)
    {
        var ct = http.RequestAborted;
        var collection = await collections.FindAsync(id, ct);
        if (collection is null || !await InRegionAsync(regions, region, collection.RegionCode, ct)) return Results.NotFound();
        var list = new List<object>();
        foreach (var entry in collection.Stories.OrderBy(s => s.Position))
            if (await stories.GetPublishedAsync(entry.StoryId, ct) is { } story) list.Add(Card(region, story));
        var model = new Dictionary<string, object?>
        {
            ["title"] = collection.Title,
            ["kind"] = collection.Kind == CollectionKind.Printed ? "文集" : "影像集",
            ["description"] = collection.Description,
            ["year"] = collection.Year,
            ["stories"] = list,
            ["back_url"] = $"{Base(region)}/",
            ["assets"] = $"{Base(region)}/assets",
        };
        return await theme.RenderPageAsync(http, "OralHistory/collection", model, collection.Title);
    }

    private static async Task<IResult> Media(string region, string storyId, string mediaId, int? w, HttpContext http, StoryService stories, StoryMedia visible,
        IRegionDirectory regions, IMediaStore media)
    {
        var ct = http.RequestAborted;
        var story = await stories.GetPublishedAsync(storyId, ct);
        if (story is null || !await InRegionAsync(regions, region, story.RegionCode, ct) || !(await visible.VisibleAsync(story, ct)).Contains(mediaId))
            return Results.NotFound();
        var file = await media.OpenAsync(mediaId, w, ct);
        return file is null || file.Media.Module != StoryType.ModuleId ? Results.NotFound() : MediaResults.Serve(file);
    }

    private static async Task<IResult> HonourImage(string region, long id, int? w, HttpContext http, OralHistoryDbContext db, IRegionDirectory regions, IMediaStore media,
        StoryService stories)
    {
        var ct = http.RequestAborted;
        var honour = await db.Honours.AsNoTracking().FirstOrDefaultAsync(h => h.Id == id, ct);
        // Honours are public only while the narrator has a published story here.
        if (honour is null || !await InRegionAsync(regions, region, honour.RegionCode, ct) || (await NarratorPage.PublishedStoriesAsync(db, stories, honour.NarratorId, ct)).Count == 0)
            return Results.NotFound();
        var file = await media.OpenAsync(honour.MediaId, w, ct);
        return file is null ? Results.NotFound() : MediaResults.Serve(file);
    }

    private static IResult Asset(string name)
    {
        var type = Path.GetExtension(name) switch { ".js" => "text/javascript; charset=utf-8", ".css" => "text/css; charset=utf-8", _ => null };
        var stream = type is null || name.Contains('/', StringComparison.Ordinal) ? null : Assembly.GetExecutingAssembly().GetManifestResourceStream("assets/" + name);
        if (stream is null) return Results.NotFound();
        return Results.Stream(stream, type, lastModified: AssetStamp, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{AssetVersion}\""));
    }

    private static readonly string AssetVersion = typeof(PublicPages).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];
    private static readonly DateTimeOffset AssetStamp = new(File.GetLastWriteTimeUtc(typeof(PublicPages).Assembly.Location), TimeSpan.Zero);
}
