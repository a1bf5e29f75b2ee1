using Platform.Cms.Admin;
using Platform.Cms.Data;
using Platform.Cms.Workflows;
using Platform.Core.Access;

namespace Platform.Cms.Pages.Admin;

public sealed class TasksModel(PlatformState state, IAccessScope access, WorkflowEngine engine) : AdminPageModel(state, access)
{
    public IReadOnlyList<WorkflowEngine.WorkflowTask> Tasks { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await LoadRegionAsync();
        Tasks = await engine.TasksAsync(User, HttpContext.RequestAborted);
    }
}
