using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Auditing;
using Platform.Core.Regions;
using Platform.Core.Workflows;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Stories;

namespace Platform.Modules.OralHistory.Features.Column;

public sealed record ColumnWhen(int Weekday, int Hour, string? SetIn)
{
    private static readonly string[] Days = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

    public string Text => $"每{Days[Weekday]} {Hour}:00（北京时间）";
}

/// <summary>
/// The weekly column: editors queue approved stories and the platform publishes one per week, on the weekday and
/// hour set for the region (the nearest setting up the tree; Friday 9:00 by default). Queuing fires the workflow's
/// <c>queue</c> transition and asks the workflow engine to fire <c>publish</c> at the story's week, so it happens on
/// one node, survives restarts, and is skipped if someone moves the story on first.
/// </summary>
public sealed class ColumnService(
    OralHistoryDbContext db, StoryService stories, IWorkflowEngine workflows, IAccessScope access, IRegionDirectory regions, IAuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public async Task<ColumnWhen> WhenAsync(string regionCode, CancellationToken ct = default)
    {
        var chain = (await regions.AncestryAsync(regionCode, ct)).Select(r => r.Code).ToList();
        var settings = await db.ColumnSettings.AsNoTracking().Where(s => chain.Contains(s.RegionCode)).ToListAsync(ct);
        var nearest = chain.Select(c => settings.FirstOrDefault(s => s.RegionCode == c)).FirstOrDefault(s => s is not null);
        return nearest is null ? new ColumnWhen(5, 9, null) : new ColumnWhen(nearest.Weekday, nearest.Hour, nearest.RegionCode);
    }

    public async Task SetWhenAsync(ClaimsPrincipal caller, string regionCode, int weekday, int hour, CancellationToken ct = default)
    {
        await OralHistoryPermissions.EnsureAsync(access, caller, OralHistoryPermissions.Review, regionCode, ct);
        if (weekday is < 0 or > 6 || hour is < 0 or > 23)
            throw PlatformException.Invalid("请选择星期几（日至六）和 0–23 点之间的整点。", "Pick a weekday and an hour 0-23.");
        var before = await WhenAsync(regionCode, ct);
        var row = await db.ColumnSettings.FirstOrDefaultAsync(s => s.RegionCode == regionCode, ct);
        if (row is null) db.ColumnSettings.Add(row = new ColumnSetting { RegionCode = regionCode, UpdatedBy = "" });
        (row.Weekday, row.Hour, row.UpdatedBy, row.UpdatedAt) = (weekday, hour, caller.Identity?.Name ?? "anonymous", clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(new AuditEntry("oralhistory.column-when", row.UpdatedBy, regionCode, StoryType.ModuleId, before.Text, new ColumnWhen(weekday, hour, regionCode).Text), ct);
    }

    /// <summary>The first slot after <paramref name="nowUtc"/> on the column's weekday and hour (UTC).</summary>
    public static DateTime FirstSlotAfter(DateTime nowUtc, ColumnWhen when)
    {
        var local = nowUtc + ChinaOffset;
        var day = local.Date.AddDays(((when.Weekday - (int)local.DayOfWeek) + 7) % 7).AddHours(when.Hour);
        if (day <= local) day = day.AddDays(7);
        return DateTime.SpecifyKind(day - ChinaOffset, DateTimeKind.Utc);
    }

    public async Task<IReadOnlyList<ColumnSlot>> QueueAsync(string columnRegion, CancellationToken ct = default) =>
        await db.ColumnSlots.AsNoTracking().Where(s => s.ColumnRegion == columnRegion).OrderBy(s => s.SlotAt).ToListAsync(ct);

    /// <summary>Queues an approved story in the region's column at the first free week; returns its slot.</summary>
    public async Task<ColumnSlot> EnqueueAsync(ClaimsPrincipal caller, string columnRegion, string storyId, CancellationToken ct = default)
    {
        await stories.EnsureMayEditAsync(caller, columnRegion, ct);
        var story = await stories.GetForEditAsync(caller, storyId, ct);
        var column = await regions.FindAsync(columnRegion, ct) ?? throw PlatformException.NotFound("未找到该地区。", "No such region.");
        var storyRegion = await regions.FindAsync(story.Item.RegionCode, ct);
        if (storyRegion is null || !column.Contains(storyRegion))
            throw PlatformException.Invalid($"这篇稿件属于其他地区，不能排入{column.Name}的专栏。", "The story is not in this column's region.");
        if (story.Workflow is not { State: "approved" } workflow)
            throw PlatformException.Conflict("只有审核通过、尚未发布的稿件可以排入专栏。请先提交审核。", "Only approved stories can be queued.");

        var when = await WhenAsync(columnRegion, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var taken = (await db.ColumnSlots.Where(s => s.ColumnRegion == columnRegion && s.SlotAt > now).Select(s => s.SlotAt).ToListAsync(ct)).ToHashSet();
        var slotAt = FirstSlotAfter(now, when);
        while (taken.Contains(slotAt)) slotAt = slotAt.AddDays(7);

        // The unique index on (column, week) settles two editors queuing at once: the loser gets a clear refusal.
        var slot = new ColumnSlot { ColumnRegion = columnRegion, StoryId = storyId, SlotAt = slotAt, QueuedBy = caller.Identity?.Name ?? "anonymous", QueuedAt = now };
        db.ColumnSlots.Add(slot);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            throw PlatformException.Conflict("这篇稿件已在专栏中，或同一周刚被他人排入了另一篇。请刷新后再试。", "Already queued, or the week was just taken.");
        }
        try
        {
            var queued = await workflows.FireAsync(workflow.Id, "queue", caller, workflow.Revision, $"专栏 {slotAt + ChinaOffset:yyyy-MM-dd HH:mm}", ct);
            await workflows.ScheduleAsync(queued.Id, "publish", slotAt, slot.QueuedBy, ct);
        }
        catch
        {
            db.ColumnSlots.Remove(slot);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
        return slot;
    }

    /// <summary>Takes a story out of the column before its week: the workflow moves back to approved, so the timer is skipped.</summary>
    public async Task DequeueAsync(ClaimsPrincipal caller, long slotId, CancellationToken ct = default)
    {
        var slot = await db.ColumnSlots.FirstOrDefaultAsync(s => s.Id == slotId, ct) ?? throw PlatformException.NotFound("未找到该专栏排期。", "No such slot.");
        await stories.EnsureMayEditAsync(caller, slot.ColumnRegion, ct);
        var story = await stories.GetForEditAsync(caller, slot.StoryId, ct);
        if (story.Workflow is not { State: "scheduled" } workflow)
            throw PlatformException.Conflict("这篇稿件已发布或已不在排期中，不能移出。", "The story is no longer waiting in the column.");
        await workflows.FireAsync(workflow.Id, "unqueue", caller, workflow.Revision, "移出专栏", ct);
        db.ColumnSlots.Remove(slot);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The column's latest published story for a public page of <paramref name="regionCode"/> (its own column or an ancestor's).</summary>
    public async Task<Story?> LatestAsync(string regionCode, CancellationToken ct = default)
    {
        var chain = (await regions.AncestryAsync(regionCode, ct)).Select(r => r.Code).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var recent = await db.ColumnSlots.AsNoTracking().Where(s => chain.Contains(s.ColumnRegion) && s.SlotAt <= now)
            .OrderByDescending(s => s.SlotAt).Select(s => s.StoryId).Take(10).ToListAsync(ct);
        foreach (var id in recent)
            if (await stories.GetPublishedAsync(id, ct) is { } story) return story;
        return null;
    }
}
