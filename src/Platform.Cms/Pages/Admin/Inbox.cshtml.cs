using Microsoft.AspNetCore.Mvc;
using OpenIddict.Abstractions;
using Platform.Cms.Admin;
using Platform.Cms.Data;
using Platform.Cms.Notifications;
using Platform.Core.Access;
using Platform.Core.Text;

namespace Platform.Cms.Pages.Admin;

/// <summary>The person's own notifications (站内消息), unread first.</summary>
public sealed class InboxModel(PlatformState state, IAccessScope access, NotificationAdmin notifications) : AdminPageModel(state, access)
{
    public IReadOnlyList<InboxItem> Items { get; private set; } = [];

    private string UserId => User.FindFirst(OpenIddictConstants.Claims.Subject)?.Value ?? "";

    public async Task OnGetAsync()
    {
        await LoadRegionAsync();
        Items = await notifications.InboxAsync(UserId, HttpContext.RequestAborted);
    }

    /// <summary>Marks one notification (or all of them) read.</summary>
    public async Task<IActionResult> OnPostAsync(long? id)
    {
        await notifications.MarkReadAsync(UserId, id, HttpContext.RequestAborted);
        Notice = Bilingual.T("已标为已读。", "Marked as read.");
        await OnGetAsync();
        return Page();
    }
}
