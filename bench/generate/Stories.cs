using System.Globalization;
using Bench.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Notifications;
using Platform.Core.Workflows;
using Platform.Modules.OralHistory.Features.Consent;
using Platform.Modules.OralHistory.Features.Stories;
using Platform.Modules.OralHistory.Features.Transcripts;
using Platform.Modules.Veterans.Data;

namespace Bench.Generate;

/// <summary>
/// Published oral-history stories with time-coded transcripts, each told by a registered veteran in the veteran's county:
/// created with <see cref="StoryService"/> (the content store), consent recorded, then submitted, approved and
/// published through the publication workflow, whose <c>content-publish</c> event the outbox applies. No bulk path.
/// </summary>
public static class Stories
{
    private static readonly string[] Transitions = ["submit", "approve", "publish"];

    public static async Task<int> PublishAsync(IServiceProvider services, Options options, Progress progress)
    {
        var count = options.Count(20_000);
        var narrators = await RegionTree.WithScope(services, sp => sp.GetRequiredService<VeteransDbContext>().Veterans.AsNoTracking()
            .OrderBy(v => v.Id).Select(v => new { v.Id, v.Name, v.RegionCode }).Take(count * 3).ToListAsync());
        var node = "bench-generator";
        for (var i = 0; i < count; i++)
        {
            var narrator = narrators[(int)((i * 7_919L) % narrators.Count)];
            var text = GeneratedStories.Write(i, options.Seed, [narrator.RegionCode]);
            var segments = text.Sentences.Chunk(Math.Max(1, text.Sentences.Count / 6)).Select((chunk, n) =>
                new TranscriptSegment(n * 95, $"第{n + 1}段", [text.Campaign], "", string.Concat(chunk))).ToList();
            var story = new Story("", text.Region, text.Title, narrator.Id.ToString(CultureInfo.InvariantCulture), narrator.Name, ["口述历史小组"],
                $"2025-{1 + i % 12:D2}-{1 + i % 28:D2}", $"{narrator.Name}家中", [text.Campaign], text.Year, text.Sentences[0], new Transcript(segments),
                [], null, null, null, DateTime.UnixEpoch);
            await RegionTree.WithScope(services, async sp =>
            {
                var created = await sp.GetRequiredService<StoryService>().CreateAsync(BenchHost.Admin, text.Region, story);
                await sp.GetRequiredService<ConsentService>().RecordAsync(BenchHost.Admin, created.Item.Id,
                    new ConsentInput(new DateOnly(2025, 1, 1 + i % 28), false, false, "同意书原件存档（基准数据）"));
                var workflows = sp.GetRequiredService<IWorkflowEngine>();
                var flow = created.Workflow!;
                foreach (var transition in Transitions)
                    flow = await workflows.FireAsync(flow.Id, transition, BenchHost.Admin, flow.Revision);
                return 0;
            });
            if (i % 50 == 49 || i == count - 1) await DrainOutboxAsync(services, node);
            progress.Tick("stories", i + 1, count);
        }
        return count;
    }

    /// <summary>Runs the outbox until nothing is left (the generator runs no background jobs of its own).</summary>
    public static async Task DrainOutboxAsync(IServiceProvider services, string node)
    {
        while (await RegionTree.WithScope(services, async sp => (await sp.GetRequiredService<OutboxDispatcher>().RunDueAsync(node)).Processed) > 0)
        {
        }
    }
}
