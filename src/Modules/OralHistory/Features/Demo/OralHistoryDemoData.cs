using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Platform.Core.Media;
using Platform.Core.Regions;
using Platform.Core.Modules;
using Platform.Core.Workflows;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Collections;
using Platform.Modules.OralHistory.Features.Column;
using Platform.Modules.OralHistory.Features.Consent;
using Platform.Modules.OralHistory.Features.Honours;
using Platform.Modules.OralHistory.Features.Stories;
using Platform.Modules.OralHistory.Features.Transcripts;

namespace Platform.Modules.OralHistory.Features.Demo;

/// <summary>
/// A dozen stories in Neijiang (内江市) and Hangzhou (杭州市, where the demo switches the module off, so they exist but
/// do not show), with generated photos and recordings, consent, time-coded transcripts, the weekly column (one story
/// already out, two queued), a printed and a video volume, and two honour walls. Loaded through the module's own
/// services and the publication workflow, so every rule applies; the same data every time.
/// </summary>
public sealed class OralHistoryDemoData(
    OralHistoryDbContext db, StoryService stories, ConsentService consents, ColumnService column, CollectionService collections, HonourService honours,
    IWorkflowEngine workflows, IMediaStore media, IRegionDirectory regions, TimeProvider clock, IConfiguration config) : IModuleDemoData
{
    /// <summary>
    /// <c>OralHistory:Demo=false</c> leaves it out: it runs the publication workflow (notices to reviewers, column
    /// timers), which hosts that test the workflow machinery itself must not see.
    /// </summary>
    public const string Setting = "OralHistory:Demo";

    public string ModuleId => "OralHistory";

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (!config.GetValue(Setting, true)) return;
        if (await db.Stories.AnyAsync(cancellationToken) || await regions.FindAsync("511000", cancellationToken) is null) return;
        var system = StoryService.System;
        var recording = DemoMedia.Recording();
        var ids = new List<string>();
        for (var n = 0; n < DemoStories.All.Count; n++)
        {
            var e = DemoStories.All[n];
            if (await regions.FindAsync(e.Region, cancellationToken) is null) continue;
            var photos = new List<StoryPhoto>();
            if (e.Photos)
            {
                var photo = await media.SaveAsync(new MemoryStream(DemoMedia.Photo(n + 1)), $"demo-{n + 1}.jpg", MediaPolicy.Images, StoryType.ModuleId, e.Region, "demo", cancellationToken);
                photos.Add(new StoryPhoto(photo.Id, $"{e.Narrator}（右二）与战友，{e.Year} 年"));
            }
            string? audio = null;
            if (e.Audio)
                audio = (await media.SaveAsync(new MemoryStream(recording), $"demo-{n + 1}.wav", MediaPolicy.Audio, StoryType.ModuleId, e.Region, "demo", cancellationToken)).Id;
            var transcript = new Transcript(e.Segments.Select((text, i) =>
            {
                var colon = text.IndexOf('：', StringComparison.Ordinal);
                var title = colon > 0 ? text[..colon] : text.TrimEnd('。');
                return new TranscriptSegment(i * 4, title, [e.Eras[0], title], "", colon > 0 ? text[(colon + 1)..] : text);
            }).ToList());
            var story = new Story("", e.Region, e.Title, e.Veteran, e.Narrator, ["市军休办口述历史小组"], $"{2025 + n % 2}-0{1 + n % 9}-1{n % 9}", e.Place,
                e.Eras, e.Year, e.Summary, transcript, photos, audio, null, null, DateTime.UnixEpoch);
            var created = await stories.CreateAsync(system, e.Region, story, cancellationToken);
            ids.Add(created.Item.Id);
            await consents.RecordAsync(system, created.Item.Id, new ConsentInput(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-30 - n), e.Photos, e.Audio, "同意书原件存市军休办档案室（演示）"), cancellationToken);
            var flow = created.Workflow!;
            flow = await workflows.FireAsync(flow.Id, "submit", system, flow.Revision, "演示数据", cancellationToken);
            if (n == 5) continue; // one waits for review
            flow = await workflows.FireAsync(flow.Id, "approve", system, flow.Revision, null, cancellationToken);
            if (n is 6 or 7) continue; // queued for the column below
            await workflows.FireAsync(flow.Id, "publish", system, flow.Revision, null, cancellationToken);
        }
        if (ids.Count < 9) return;

        // The column: story 1 went out last week; stories 7 and 8 are queued for the coming weeks.
        var when = await column.WhenAsync("511000", cancellationToken);
        db.ColumnSlots.Add(new ColumnSlot
        {
            ColumnRegion = "511000", StoryId = ids[0], SlotAt = ColumnService.FirstSlotAfter(clock.GetUtcNow().UtcDateTime.AddDays(-7), when), QueuedBy = "demo",
            QueuedAt = clock.GetUtcNow().UtcDateTime.AddDays(-10),
        });
        await db.SaveChangesAsync(cancellationToken);
        await column.EnqueueAsync(system, "511000", ids[6], cancellationToken);
        await column.EnqueueAsync(system, "511000", ids[7], cancellationToken);

        var printed = await collections.CreateAsync(system, "511000", new CollectionInput(CollectionKind.Printed, "烽火记忆——内江军休老兵口述实录（第一辑）", "首批收录内江市军休干部亲历的战争与建设年代。", 2025), cancellationToken);
        foreach (var i in new[] { 0, 1, 2, 3 }) await collections.SetStoryAsync(system, printed.Id, ids[i], true, cancellationToken);
        var video = await collections.CreateAsync(system, "511000", new CollectionInput(CollectionKind.Video, "老兵说·影像集（一）", "讲述人的录音录像。", 2026), cancellationToken);
        foreach (var i in new[] { 0, 3, 8 }) await collections.SetStoryAsync(system, video.Id, ids[i], true, cancellationToken);

        foreach (var (index, items) in new[] { (0, new[] { (HonourKind.Medal, "抗美援朝纪念章", 1953), (HonourKind.Certificate, "三等功证书", 1951) }),
                     (3, new[] { (HonourKind.Medal, "对越自卫反击战参战纪念章", 1986), (HonourKind.Photograph, "在老山主峰留影", 1985) }) })
        {
            var narratorId = await db.Stories.Where(s => s.StoryId == ids[index]).Select(s => s.NarratorId).FirstAsync(cancellationToken);
            foreach (var (kind, caption, year) in items)
            {
                var image = kind == HonourKind.Photograph ? DemoMedia.Photo(100 + year) : DemoMedia.Medal(year);
                await honours.AddAsync(system, narratorId, new HonourInput(kind, caption, year), new MemoryStream(image), $"honour-{year}.png", cancellationToken);
            }
        }
        var first = await db.Narrators.FirstAsync(n => n.VeteranId == "demo-vet-001", cancellationToken);
        first.Bio = "1931 年生于四川内江，1950 年入伍，随志愿军第九兵团入朝作战，荣立三等功。1988 年离休，现居内江市市中区。";
        await db.SaveChangesAsync(cancellationToken);
    }
}
