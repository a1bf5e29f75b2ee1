using Microsoft.AspNetCore.Mvc;
using Platform.Cms.Admin;
using Platform.Cms.Data;
using Platform.Cms.Workflows;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Text;
using Platform.Core.Workflows;

namespace Platform.Cms.Pages.Admin;

/// <summary>One process: its state, what the person may do now, and its timeline.</summary>
public sealed class WorkflowModel(PlatformState state, IAccessScope access, WorkflowEngine engine) : AdminPageModel(state, access)
{
    public WorkflowEngine.WorkflowTask? Task { get; private set; }
    public IReadOnlyList<WorkflowStep> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, string transition, int revision, [MultiLine(2000, Label = "意见")] string? comment)
    {
        await TryAsync(() => engine.FireAsync(id, transition, User, revision, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
            HttpContext.RequestAborted), Bilingual.T("已处理。", "Done."));
        var status = Response.StatusCode;
        if (!await LoadAsync(id)) return NotFound();
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>Sends a faulted instance's failed timeouts again.</summary>
    public async Task<IActionResult> OnPostRetryAsync(long id)
    {
        await TryAsync(() => engine.RetryAsync(id, User, HttpContext.RequestAborted), Bilingual.T("已重新安排，稍后自动执行。", "Rescheduled; it will run shortly."));
        var status = Response.StatusCode;
        if (!await LoadAsync(id)) return NotFound();
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(long id)
    {
        await LoadRegionAsync();
        try
        {
            Task = await engine.TaskAsync(User, id, HttpContext.RequestAborted);
        }
        catch (PlatformException ex) when (ex.Status == 404)
        {
            return false;
        }
        History = await engine.HistoryAsync(id, HttpContext.RequestAborted);
        return true;
    }
}
