using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Caching;
using Platform.Core.Regions;
using Platform.Core.Theming;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Collections;
using Platform.Modules.OralHistory.Features.Stories;
using static Platform.Modules.OralHistory.Features.Site.PublicModels;

namespace Platform.Modules.OralHistory.Features.Site;

/// <summary>
/// A published story: text, photos, the player (video, else audio) and the time-coded transcript whose segments
/// seek the player (assets/story-player.js, no inline script), the narrator, collections and share links.
/// </summary>
internal static class StoryPage
{
    /// <summary>What the page shows of a published story, kept in the public cache until the module's next change.</summary>
    internal sealed record View(Story Story, StoryMedia.Visible Visible, long? NarratorId, IReadOnlyList<Volume> Volumes);

    internal sealed record Volume(long Id, string Title, CollectionKind Kind, string RegionCode);

    public static async Task<IResult> Render(string region, string id, HttpContext http, IPublicCache cache, IRegionDirectory regions, IThemeRenderer theme)
    {
        var ct = http.RequestAborted;
        var view = await cache.GetOrCreateAsync(StoryType.ModuleId, "story:" + id, async c =>
        {
            // Resolved only when the view is not in the cache: they bring database contexts and the content store.
            var (stories, media, db) = (http.RequestServices.GetRequiredService<StoryService>(), http.RequestServices.GetRequiredService<StoryMedia>(),
                http.RequestServices.GetRequiredService<OralHistoryDbContext>());
            var published = await stories.GetPublishedAsync(id, c);
            if (published is null) return null;
            var narrator = await db.Stories.AsNoTracking().Where(s => s.StoryId == id).Select(s => (long?)s.NarratorId).FirstOrDefaultAsync(c);
            var volumes = await db.CollectionStories.AsNoTracking().Where(cs => cs.StoryId == id)
                .Join(db.Collections, cs => cs.CollectionId, col => col.Id, (cs, col) => new Volume(col.Id, col.Title, col.Kind, col.RegionCode)).ToListAsync(c);
            return new View(published, await media.VisibleAsync(published, c), narrator, volumes);
        }, ct);
        if (view is null || !await PublicPages.InRegionAsync(regions, region, view.Story.RegionCode, ct)) return Results.NotFound();
        var (story, visible, narratorId, volumes) = view;
        var mediaBase = $"{Base(region)}/media/{Uri.EscapeDataString(id)}";
        var url = $"{Base(region)}/stories/{Uri.EscapeDataString(id)}";
        var absolute = $"{http.Request.Scheme}://{http.Request.Host}{url}";
        var share = Uri.EscapeDataString(absolute);
        var shareTitle = Uri.EscapeDataString($"{story.Title}——{story.NarratorName}口述");
        var player = visible.VideoId is { } video ? new { Kind = "video", Src = $"{mediaBase}/{video}" }
            : visible.AudioId is { } audio ? new { Kind = "audio", Src = $"{mediaBase}/{audio}" } : null;
        var model = new Dictionary<string, object?>
        {
            ["story"] = Card(region, story),
            ["narrator_url"] = narratorId is { } n ? $"{Base(region)}/narrators/{n}" : null,
            ["interviewers"] = string.Join("、", story.Interviewers),
            ["interview_date"] = story.InterviewDate,
            ["interview_place"] = story.InterviewPlace,
            ["paragraphs"] = story.Summary.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            ["eras"] = story.Eras.Select(e => Era(region, e, null)).ToList(),
            ["player"] = player,
            ["segments"] = story.Transcript.Segments.Select((s, i) => new
            {
                Index = i, s.Start, Time = s.StartText, s.Title, Keywords = string.Join("、", s.Keywords), s.Synopsis,
                Paragraphs = s.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            }).ToList(),
            ["photos"] = visible.Photos.Select(p => new { Src = $"{mediaBase}/{p.MediaId}?w=800", Large = $"{mediaBase}/{p.MediaId}?w=1600", p.Caption }).ToList(),
            ["collections"] = volumes.Select(v => new { v.Title, Kind = v.Kind == CollectionKind.Printed ? "文集" : "影像集", Url = $"{Base(region)}/collections/{v.Id}" }).ToList(),
            ["share"] = new
            {
                Link = absolute,
                Weibo = $"https://service.weibo.com/share/share.php?url={share}&title={shareTitle}",
                Qzone = $"https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey?url={share}&title={shareTitle}",
                Mail = $"mailto:?subject={shareTitle}&body={share}",
            },
            ["back_url"] = $"{Base(region)}/",
            ["assets"] = $"{Base(region)}/assets",
        };
        return await theme.RenderPageAsync(http, "OralHistory/story", model, story.Title);
    }
}
