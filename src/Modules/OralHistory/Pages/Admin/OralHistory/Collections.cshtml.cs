using Microsoft.AspNetCore.Mvc;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Collections;
using Platform.Modules.OralHistory.Features.Stories;
using Platform.Core.Text;

namespace Platform.Modules.OralHistory.Pages.Admin.OralHistory;

/// <summary>Printed and video volumes of the region and the stories in them.</summary>
public sealed class CollectionsModel(CollectionService collections, StoryService stories) : OralHistoryPageModel
{
    public IReadOnlyList<Volume> Volumes { get; private set; } = [];
    public IReadOnlyList<EditableStory> Stories { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync(
        CollectionKind kind, [SingleLine(100, Label = "名称")] string? title, [MultiLine(2000, Label = "简介")] string? description, int? year)
    {
        await TryAsync(() => collections.CreateAsync(User, Region.Code, new CollectionInput(kind, title, description, year)), "已新建。");
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostStoryAsync(long collectionId, string storyId, bool include)
    {
        await TryAsync(() => collections.SetStoryAsync(User, collectionId, storyId, include), include ? "已加入。" : "已移出。");
        await LoadAsync();
        return Page();
    }

    public string TitleOf(string id) => Stories.FirstOrDefault(s => s.Item.Id == id)?.Story.Title ?? id;

    private async Task LoadAsync()
    {
        Volumes = await collections.ListAsync(Region.Code, subtree: true);
        Stories = await stories.ListForEditAsync(User, Region.Code);
    }
}
