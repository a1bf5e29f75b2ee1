using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;

namespace Bench.Generate;

/// <summary>The pages bench/run puts under load, from the generated data: <c>targets.env</c> in the data folder.</summary>
public static class Targets
{
    public static async Task WriteAsync(IServiceProvider services, Options options)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var story = await db.ContentItems.AsNoTracking().Where(c => c.ModuleId == "OralHistory" && c.PublishedVersion != null)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).FirstAsync();
        var county = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == story.RegionCode);
        var province = county.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
        await File.WriteAllLinesAsync(Path.Combine(options.Data, "targets.env"),
        [
            $"REGION_PATH=/r/{county.ParentCode}/",
            $"STORY_PATH=/r/{story.RegionCode}/oral-history/stories/{story.Id}",
            $"SEARCH_PATH=/r/{province}/search?q={Uri.EscapeDataString("战友")}",
        ]);
    }
}
