using Microsoft.AspNetCore.Mvc;
using Platform.Cms.Admin;
using Platform.Cms.Data;
using Platform.Cms.Notifications;
using Platform.Core.Access;
using Platform.Core.Text;

namespace Platform.Cms.Pages.Admin;

/// <summary>What has not gone out yet (messages and mail) in the person's scope, with why, and the background jobs' last runs.</summary>
public sealed class NotificationsModel(
    PlatformState state, IAccessScope access, NotificationAdmin notifications, Search.LuceneSearchIndex index, CoreDbContext db) : AdminPageModel(state, access)
{
    public IReadOnlyList<PendingDelivery> Pending { get; private set; } = [];
    public IReadOnlyList<JobRun> Jobs { get; private set; } = [];

    /// <summary>This node's search index: documents, the last change applied, and the last change recorded.</summary>
    public (int Documents, long Cursor, long Latest) SearchIndex { get; private set; }

    public async Task OnGetAsync()
    {
        await LoadRegionAsync();
        Pending = await notifications.PendingAsync(User, HttpContext.RequestAborted);
        Jobs = await notifications.JobRunsAsync(HttpContext.RequestAborted);
        var latest = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.MaxAsync(db.SearchChanges, c => (long?)c.Id, HttpContext.RequestAborted) ?? 0;
        SearchIndex = (index.Count, index.Cursor, latest);
    }

    public async Task<IActionResult> OnPostRetryAsync(string kind, long id)
    {
        await TryAsync(() => notifications.RetryNowAsync(User, kind, id, HttpContext.RequestAborted), Bilingual.T("已安排立即重试。", "It will be tried again now."));
        return await ReloadAsync();
    }

    public async Task<IActionResult> OnPostCancelAsync(long id)
    {
        await TryAsync(() => notifications.CancelMailAsync(User, id, HttpContext.RequestAborted), Bilingual.T("已取消该邮件；站内消息不受影响。", "The mail is cancelled; the in-app notice stays."));
        return await ReloadAsync();
    }

    private async Task<IActionResult> ReloadAsync()
    {
        var status = Response.StatusCode;
        await OnGetAsync();
        Response.StatusCode = status;
        return Page();
    }
}
