using Microsoft.EntityFrameworkCore;
using Platform.Core.Workflows;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Stories;

namespace Platform.Modules.OralHistory.Pages.Admin.OralHistory;

public sealed class IndexModel(StoryService stories, OralHistoryDbContext db, WorkflowCatalog workflows) : OralHistoryPageModel
{
    public IReadOnlyList<EditableStory> Stories { get; private set; } = [];
    public Dictionary<string, ConsentRow> Consents { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Stories = await stories.ListForEditAsync(User, Region.Code, HttpContext.RequestAborted);
        var ids = Stories.Select(s => s.Item.Id).ToList();
        Consents = (await db.Consents.AsNoTracking().Where(c => ids.Contains(c.StoryId)).ToListAsync(HttpContext.RequestAborted))
            .GroupBy(c => c.StoryId).ToDictionary(g => g.Key, g => g.MaxBy(c => c.Id)!);
    }

    public string StateName(EditableStory story) =>
        story.Workflow is { } w ? workflows.Find(w.ModuleId, w.WorkflowId, w.Version)?.State(w.State)?.NameZh ?? w.State : "—";
}
