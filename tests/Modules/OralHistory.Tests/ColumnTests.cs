using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Workflows;
using Platform.Core;
using Platform.Core.Data;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Column;
using Platform.Modules.OralHistory.Features.Stories;

namespace Platform.OralHistory.Tests;

/// <summary>
/// The weekly column: editors queue approved stories, and the platform publishes one per week on the region's
/// weekday and hour (China time) through the workflow engine's timers, driven here by a manual clock.
/// </summary>
public abstract class ColumnTests(DatabaseKind kind) : OralHistoryTestBase(kind)
{
    /// <summary>市中区's own column (the demo queues its stories in 内江市's).</summary>
    private const string Column = "511002";

    private Task<int> TickAsync() => InScopeAsync(sp => sp.GetRequiredService<WorkflowTimers>().RunDueAsync("test-node"));

    private async Task<string> ApprovedAsync(string title)
    {
        var story = await DraftAsync(title);
        await ConsentAsync(story.Item.Id, false, false);
        await FireAsync(story.Item.Id, "submit", Liaison);
        await FireAsync(story.Item.Id, "approve", Sichuan);
        return story.Item.Id;
    }

    private Task<bool> IsPublicAsync(string id) => InScopeAsync(async sp => await sp.GetRequiredService<StoryService>().GetPublishedAsync(id) is not null);

    private Task<ColumnSlot> QueueAsync(string id) => InScopeAsync(sp => sp.GetRequiredService<ColumnService>().EnqueueAsync(Liaison, Column, id));

    [Fact]
    public async Task One_queued_story_is_published_each_week_on_the_regions_weekday()
    {
        await InScopeAsync(sp => sp.GetRequiredService<ColumnService>().SetWhenAsync(Sichuan, Column, weekday: 1, hour: 7)); // Mondays 7:00 Beijing
        var first = await ApprovedAsync("第一周的故事");
        var second = await ApprovedAsync("第二周的故事");
        var slot1 = await QueueAsync(first);
        var slot2 = await QueueAsync(second);
        var monday = Start.Date.AddDays(4).AddHours(23); // Sunday 23:00 UTC: the coming Monday, 07:00 in Beijing
        Assert.Equal((monday, monday.AddDays(7)), (slot1.SlotAt, slot2.SlotAt));
        Assert.Equal("scheduled", (await InScopeAsync(sp => sp.GetRequiredService<StoryService>().GetForEditAsync(Liaison, first))).Workflow!.State);

        Clock.Advance(monday - Clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(1));
        await TickAsync();
        Assert.False(await IsPublicAsync(first));

        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await TickAsync() >= 1);
        Assert.True(await IsPublicAsync(first));
        Assert.False(await IsPublicAsync(second));
        using var client = Host.CreateClient();
        Assert.Contains("第一周的故事", await client.GetStringAsync("/r/511002/oral-history/"), StringComparison.Ordinal);

        Clock.Advance(TimeSpan.FromDays(7));
        Assert.True(await TickAsync() >= 1);
        Assert.True(await IsPublicAsync(second));
        var index = await client.GetStringAsync("/r/511002/oral-history/");
        var lead = index[index.IndexOf("oh-card-lead", StringComparison.Ordinal)..];
        Assert.StartsWith("第二周的故事", lead[(lead.IndexOf("\">", lead.IndexOf("<a href", StringComparison.Ordinal), StringComparison.Ordinal) + 2)..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_story_taken_out_of_the_column_is_not_published_and_its_week_is_given_to_the_next()
    {
        var taken = await ApprovedAsync("移出专栏的故事");
        var slot = await QueueAsync(taken);
        await InScopeAsync(sp => sp.GetRequiredService<ColumnService>().DequeueAsync(Liaison, slot.Id));
        Assert.Equal("approved", (await InScopeAsync(sp => sp.GetRequiredService<StoryService>().GetForEditAsync(Liaison, taken))).Workflow!.State);
        var next = await QueueAsync(await ApprovedAsync("补位的故事"));
        Assert.Equal(slot.SlotAt, next.SlotAt);

        Clock.Advance(slot.SlotAt - Clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(1));
        await TickAsync(); // the removed story's timer is skipped
        Assert.False(await IsPublicAsync(taken));
        Assert.True(await IsPublicAsync(next.StoryId));
    }

    [Fact]
    public async Task Only_approved_stories_of_the_columns_region_are_queued_by_people_who_may_edit_there()
    {
        var draft = await DraftAsync("还在草稿");
        var notApproved = await Assert.ThrowsAsync<PlatformException>(() => QueueAsync(draft.Item.Id));
        Assert.Equal((409, "只有审核通过、尚未发布的稿件可以排入专栏。请先提交审核。"), (notApproved.Status, notApproved.MessageZh));
        var approved = await ApprovedAsync("审核通过的故事");
        Assert.Equal(404, (await Assert.ThrowsAsync<PlatformException>(() => InScopeAsync(sp => sp.GetRequiredService<ColumnService>().EnqueueAsync(Zhejiang, Column, approved)))).Status);
        var otherCounty = await Assert.ThrowsAsync<PlatformException>(() => InScopeAsync(sp => sp.GetRequiredService<ColumnService>().EnqueueAsync(Liaison, "511011", approved)));
        Assert.Equal("这篇稿件属于其他地区，不能排入东兴区的专栏。", otherCounty.MessageZh);
        Assert.Equal(403, (await Assert.ThrowsAsync<PlatformException>(() => InScopeAsync(sp => sp.GetRequiredService<ColumnService>().SetWhenAsync(Liaison, Column, 3, 9)))).Status);
        await QueueAsync(approved);
        Assert.Equal(409, (await Assert.ThrowsAsync<PlatformException>(() => QueueAsync(approved))).Status);
    }
}

public sealed class ColumnTests_Sqlite() : ColumnTests(DatabaseKind.Sqlite);

public sealed class ColumnTests_Postgres() : ColumnTests(DatabaseKind.Postgres);
