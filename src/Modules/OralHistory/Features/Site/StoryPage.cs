using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Caching;
using Platform.Core.Content;
using Platform.Core.Data;
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

    /// <summary>The narrator and the newest consent of a story, in one prepared read.</summary>
    private const string NarratorAndConsentSql = """
        SELECT (SELECT s."NarratorId" FROM oralhistory_stories s WHERE s."StoryId" = @id), c."VeteranId", c."Photos", c."AudioVideo"
        FROM (SELECT 1 AS one) AS x
        LEFT JOIN oralhistory_consents c ON c."Id" = (SELECT MAX(n."Id") FROM oralhistory_consents n WHERE n."StoryId" = @id)
        """;

    /// <summary>The volumes a story is in.</summary>
    private const string VolumesSql = """
        SELECT col."Id", col."Title", col."Kind", col."RegionCode"
        FROM oralhistory_collection_stories cs JOIN oralhistory_collections col ON col."Id" = cs."CollectionId"
        WHERE cs."StoryId" = @id ORDER BY cs."CollectionId"
        """;

    public static async Task<IResult> Render(string region, string id, HttpContext http, IPublicCache cache, IRegionDirectory regions, IThemeRenderer theme)
    {
        var ct = http.RequestAborted;
        var view = await cache.GetOrCreateAsync(StoryType.ModuleId, "story:" + id, c => ReadAsync(http.RequestServices, id, c), ct);
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

    /// <summary>
    /// What the page shows of a published story, or null: the content item (one prepared read, no editing services),
    /// then narrator, consent and volumes on one leased connection whose statements stay prepared. Every visitor's first
    /// look at a story (and every look while the public cache is off) comes here, so it stays below EF Core and uses
    /// singletons only.
    /// </summary>
    internal static async Task<View?> ReadAsync(IServiceProvider services, string id, CancellationToken ct)
    {
        var published = StoryService.Published(await services.GetRequiredService<IPublishedContent>().FindJsonAsync(id, ct));
        if (published is null) return null;
        await using var lease = await services.GetRequiredService<PreparedReads>().LeaseAsync(ct);
        long? narrator;
        StoryMedia.Visible visible;
        await using (var row = await ReadLease.Set(lease.Command(NarratorAndConsentSql), "@id", id).ExecuteReaderAsync(ct))
        {
            await row.ReadAsync(ct); // always one row
            narrator = row.IsDBNull(0) ? null : row.GetInt64(0);
            visible = row.IsDBNull(1)
                ? StoryMedia.Filter(published, null, false, false)
                : StoryMedia.Filter(published, row.GetString(1), row.GetBoolean(2), row.GetBoolean(3));
        }
        var volumes = new List<Volume>();
        await using (var rows = await ReadLease.Set(lease.Command(VolumesSql), "@id", id).ExecuteReaderAsync(ct))
            while (await rows.ReadAsync(ct))
                volumes.Add(new Volume(rows.GetInt64(0), rows.GetString(1), (CollectionKind)rows.GetInt32(2), rows.GetString(3)));
        return new View(published, visible, narrator, volumes);
    }
}
