using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Platform.Cms.Identity;
using Platform.Core.Auditing;
using Platform.Core.Text;

namespace Platform.Cms.Pages.Account;

[EnableRateLimiting(IdentityServices.LoginLimiter)]
public sealed class LoginModel(
    SignInManager<PlatformUser> signIn, UserManager<PlatformUser> users, PeopleService people, IAuditLog audit, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty, SingleLine(256, Label = "账号")] public string UserName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    // A third party's authorization request comes back here whole: long, but one line.
    [BindProperty(SupportsGet = true), SingleLine(8000)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.FindByNameAsync(UserName.Trim());
        if (user is null)
            return await Refuse("unknown user", Bilingual.T("用户名或密码不正确，请重新输入。", "Wrong user name or password; please try again."));

        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
            return await Refuse("locked", Bilingual.T("账号已锁定（连续输错密码或被管理员锁定）。请 15 分钟后再试，或联系管理员解锁。",
                "The account is locked. Try again in 15 minutes or ask your administrator."));
        if (result.RequiresTwoFactor)
            return RedirectToPage("/Account/TwoFactor", new { ReturnUrl });
        if (!result.Succeeded)
            return await Refuse("wrong password", Bilingual.T("用户名或密码不正确，请重新输入。", "Wrong user name or password; please try again."));

        if (await people.RequiresTwoFactorAsync(user))
        {
            // Administrators must enrol a second factor before they get a session.
            await signIn.SignOutAsync();
            var pending = new ClaimsIdentity(IdentityConstants.TwoFactorUserIdScheme);
            pending.AddClaim(new Claim(ClaimTypes.Name, user.Id));
            await HttpContext.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(pending));
            return RedirectToPage("/Account/Enrol", new { ReturnUrl });
        }
        await audit.WriteAsync(new AuditEntry("account.signin", user.UserName!, null, null, null, null));
        return LocalRedirect(SafeReturn(ReturnUrl));
    }

    private async Task<IActionResult> Refuse(string reason, string message)
    {
        logger.LogWarning("Refused sign-in for {User}: {Reason}", UserName, reason);
        await audit.WriteAsync(new AuditEntry("account.signin-failed", UserName, null, null, null, reason));
        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public static string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 1 } r && r.StartsWith('/') && !r.StartsWith("//", StringComparison.Ordinal) && !r.StartsWith("/\\", StringComparison.Ordinal)
            ? r : "/admin";
}
