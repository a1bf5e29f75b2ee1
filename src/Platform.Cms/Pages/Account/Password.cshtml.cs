using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Platform.Cms.Identity;
using Platform.Core;
using Platform.Core.Auditing;
using Platform.Core.Text;

namespace Platform.Cms.Pages.Account;

/// <summary>
/// A signed-in person changes their own password. Needs the sign-in session (<c>Identity.Application</c>, set by
/// /account/login); every other session and refresh token ends, this browser is signed in again.
/// </summary>
/// <remarks>The /Account folder allows anonymous visits by convention (which would override [Authorize]), so the page checks the session itself.</remarks>
[EnableRateLimiting(IdentityServices.LoginLimiter)]
public sealed class PasswordModel(
    SignInManager<PlatformUser> signIn, UserManager<PlatformUser> users, PeopleService people, IAuditLog audit, ILogger<PasswordModel> logger) : PageModel
{
    public const string Path = "/account/password";

    [BindProperty] public string CurrentPassword { get; set; } = "";
    [BindProperty] public string NewPassword { get; set; } = "";
    [BindProperty] public string ConfirmPassword { get; set; } = "";
    public PlatformUser Person { get; private set; } = null!;
    public string? Error { get; private set; }
    public bool Done { get; private set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded ? await users.GetUserAsync(session.Principal!) : null;
        if (user is null || await users.IsLockedOutAsync(user))
        {
            context.Result = Challenge(new AuthenticationProperties { RedirectUri = Path }, IdentityConstants.ApplicationScheme);
            return;
        }
        Person = user;
        await next();
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var refusal = await RefusalAsync();
        if (refusal is null)
        {
            try
            {
                await people.ChangePasswordAsync(Person, CurrentPassword, NewPassword, HttpContext.RequestAborted);
            }
            catch (PlatformException ex)
            {
                refusal = ex.Localized;
            }
        }
        if (refusal is not null)
        {
            logger.LogInformation("Password change refused for {User}", Person.UserName);
            await audit.WriteAsync(new AuditEntry("person.password-change-failed", Person.UserName ?? Person.Id, null, null, null, null));
            Error = refusal;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // The change ended every session, this one included: sign this browser in again with the new security stamp.
        await signIn.RefreshSignInAsync(Person);
        Done = true;
        return Page();
    }

    /// <summary>Why the change cannot go ahead (current password wrong or locked out, confirmation differs), or null.</summary>
    private async Task<string?> RefusalAsync()
    {
        if (NewPassword != ConfirmPassword)
            return Bilingual.T("两次输入的新密码不一致，请重新输入。", "The new passwords do not match.");
        var check = await signIn.CheckPasswordSignInAsync(Person, CurrentPassword, lockoutOnFailure: true);
        if (check.IsLockedOut)
            return Bilingual.T("原密码连续输错次数过多，账号已暂时锁定。请 15 分钟后再试，或联系管理员。",
                "Too many wrong passwords: the account is locked for now. Try again in 15 minutes or ask your administrator.");
        if (!check.Succeeded)
            return users.ErrorDescriber.PasswordMismatch().Description + Bilingual.T("请重新输入。", " Please try again.");
        if (NewPassword == CurrentPassword)
            return Bilingual.T("新密码不能与原密码相同。", "The new password must differ from the current one.");
        return null;
    }
}
