using Platform.Cms.Admin;
using Platform.Cms.Data;
using Platform.Cms.Identity;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Text;

namespace Platform.Cms.Pages.Admin;

public sealed class PersonModel(PlatformState state, IAccessScope access, PeopleService people) : AdminPageModel(state, access)
{
    public PersonView? Person { get; private set; }
    public string? ResetLink { get; private set; }

    /// <summary>Whether the reset link was mailed too, and a Chinese line saying so (or why not).</summary>
    public ResetLinkMail ResetMail { get; private set; }
    public string? MailNote { get; private set; }

    /// <summary>The signed-in person is looking at their own record (they get a link to change their password).</summary>
    public bool IsSelf => Person is { } p && p.User.Id == User.FindFirst(OpenIddict.Abstractions.OpenIddictConstants.Claims.Subject)?.Value;

    /// <summary>The roles the caller may hand out: bureau administrators only regional ones.</summary>
    public IReadOnlyList<string> Roles => IsPlatformAdmin
        ? [PlatformRoles.LiaisonOfficer, PlatformRoles.BureauAdmin, PlatformRoles.ProviderAdmin, PlatformRoles.ProviderStaff, PlatformRoles.PlatformAdmin]
        : [PlatformRoles.LiaisonOfficer, PlatformRoles.BureauAdmin];

    /// <summary>What was typed into the name and email form when it was refused, so it can be corrected rather than retyped.</summary>
    public (string DisplayName, string Email)? Entered { get; private set; }

    public Task OnGetAsync(string id) => LoadAsync(id);

    public async Task OnPostDetailsAsync(string id, string? displayName, [SingleLine(256, Label = "电子邮箱")] string? email)
    {
        if (!await TryAsync(() => people.UpdateDetailsAsync(User, id, displayName ?? "", email, HttpContext.RequestAborted),
                Bilingual.T("已保存姓名和电子邮箱。", "Name and email saved.")))
            Entered = (displayName ?? "", email ?? "");
        await LoadAsync(id);
    }

    public Task OnPostGrantAsync(string id, string? role, string? regionCode, string? organisationId) => Change(id,
        () => people.AddGrantAsync(User, id, new GrantInput(role ?? "", regionCode, organisationId), HttpContext.RequestAborted),
        Bilingual.T("已授予权限。本人下次登录或刷新令牌时生效。", "Granted; it applies from the person's next sign-in or token refresh."));

    public Task OnPostRevokeAsync(string id, long grantId) => Change(id,
        () => people.RemoveGrantAsync(User, id, grantId, HttpContext.RequestAborted),
        Bilingual.T("已撤销权限，本人的所有登录会话和刷新令牌已失效。", "Revoked; every session and refresh token of the person has ended."));

    public Task OnPostLockAsync(string id) => Change(id,
        () => people.LockAsync(User, id, HttpContext.RequestAborted),
        Bilingual.T("已锁定。本人的所有登录会话和刷新令牌已失效，解锁前无法登录。", "Locked; every session and refresh token has ended and the person cannot sign in until unlocked."));

    public Task OnPostUnlockAsync(string id) => Change(id,
        () => people.UnlockAsync(User, id, HttpContext.RequestAborted),
        Bilingual.T("已解锁，本人可以重新登录。", "Unlocked; the person can sign in again."));

    public Task OnPostResetAsync(string id) => Change(id, async () =>
        {
            var reset = await people.IssueResetLinkAsync(User, id, link => PeoplePages.Absolute(HttpContext, link), HttpContext.RequestAborted);
            ResetLink = reset.Link;
            ResetMail = reset.Mail;
            MailNote = PeoplePages.MailNote(reset);
        },
        Bilingual.T("已生成一次性重设密码链接，请交给本人。", "A one-time reset link is ready; give it to the person."));

    private async Task Change(string id, Func<Task> change, string notice)
    {
        await TryAsync(change, notice);
        await LoadAsync(id);
    }

    private async Task LoadAsync(string id)
    {
        await LoadRegionAsync();
        try
        {
            Person = await people.FindAsync(User, id, HttpContext.RequestAborted);
        }
        catch (PlatformException ex)
        {
            // After a successful change (e.g. the last grant in scope revoked) the person may simply be out of sight now.
            if (Error is not null || Notice is not null) return;
            Error = ex.Localized;
            Response.StatusCode = ex.Status;
        }
    }
}
