using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Regions;
using Platform.Core.Theming;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Honours;
using Platform.Modules.OralHistory.Features.Stories;
using static Platform.Modules.OralHistory.Features.Site.PublicModels;

namespace Platform.Modules.OralHistory.Features.Site;

/// <summary>A narrator's page: their public name, published stories and honour wall. Without a published story it does not exist.</summary>
internal static class NarratorPage
{
    public static async Task<IReadOnlyList<Story>> PublishedStoriesAsync(OralHistoryDbContext db, StoryService stories, long narratorId, CancellationToken ct)
    {
        var ids = await db.Stories.AsNoTracking().Where(s => s.NarratorId == narratorId).OrderBy(s => s.CreatedAt).Select(s => s.StoryId).ToListAsync(ct);
        var list = new List<Story>();
        foreach (var id in ids)
            if (await stories.GetPublishedAsync(id, ct) is { } story) list.Add(story);
        return list;
    }

    public static async Task<IResult> Render(string region, long id, HttpContext http, OralHistoryDbContext db, StoryService stories, HonourService honours,
        IRegionDirectory regions, IThemeRenderer theme)
    {
        var ct = http.RequestAborted;
        var narrator = await db.Narrators.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct);
        if (narrator is null) return Results.NotFound();
        var published = new List<Story>();
        foreach (var story in await PublishedStoriesAsync(db, stories, id, ct))
            if (await PublicPages.InRegionAsync(regions, region, story.RegionCode, ct)) published.Add(story);
        if (published.Count == 0) return Results.NotFound();
        var wall = await honours.ListAsync(id, ct);
        var model = new Dictionary<string, object?>
        {
            ["name"] = narrator.DisplayName,
            ["bio"] = narrator.Bio?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
            ["stories"] = published.Select(s => Card(region, s)).ToList(),
            ["honours"] = wall.Select(h => new
            {
                Kind = HonourService.KindText(h.Kind), h.Caption, h.Year,
                Src = $"{Base(region)}/honours/{h.Id}/image?w=800", Large = $"{Base(region)}/honours/{h.Id}/image?w=1600",
            }).ToList(),
            ["back_url"] = $"{Base(region)}/",
            ["assets"] = $"{Base(region)}/assets",
        };
        return await theme.RenderPageAsync(http, "OralHistory/narrator", model, $"{narrator.DisplayName} · 讲述人");
    }
}
