using Microsoft.AspNetCore.Mvc;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Column;
using Platform.Modules.OralHistory.Features.Stories;

namespace Platform.Modules.OralHistory.Pages.Admin.OralHistory;

/// <summary>The region's weekly column: when it publishes, what is queued, and approved stories to queue.</summary>
public sealed class ColumnModel(ColumnService column, StoryService stories) : OralHistoryPageModel
{
    public ColumnWhen When { get; private set; } = new(5, 9, null);
    public IReadOnlyList<(ColumnSlot Slot, EditableStory? Story)> Queue { get; private set; } = [];
    public IReadOnlyList<EditableStory> Approved { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostWhenAsync(int weekday, int hour)
    {
        await TryAsync(() => column.SetWhenAsync(User, Region.Code, weekday, hour), "已保存专栏发布时间（之后排入的稿件按新时间排期）。");
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostQueueAsync(string storyId)
    {
        await TryAsync(async () =>
        {
            var slot = await column.EnqueueAsync(User, Region.Code, storyId);
            Notice = $"已排入专栏，将于 {slot.SlotAt + ColumnService.ChinaOffset:yyyy年M月d日 HH:mm} 自动发布。";
        }, "");
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDequeueAsync(long slotId)
    {
        await TryAsync(() => column.DequeueAsync(User, slotId), "已移出专栏，稿件回到“已审核待发布”。");
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        When = await column.WhenAsync(Region.Code);
        var all = await stories.ListForEditAsync(User, Region.Code);
        var byId = all.ToDictionary(s => s.Item.Id);
        Queue = (await column.QueueAsync(Region.Code)).Select(s => (s, byId.GetValueOrDefault(s.StoryId))).ToList();
        Approved = all.Where(s => s.Workflow?.State == "approved").ToList();
    }
}
