using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Platform.Cms.Identity;
using Platform.Core.Auditing;
using Platform.Core.Text;

namespace Platform.Cms.Pages.Account;

[EnableRateLimiting(IdentityServices.LoginLimiter)]
public sealed class TwoFactorModel(SignInManager<PlatformUser> signIn, IAuditLog audit) : PageModel
{
    [BindProperty] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true), SingleLine(8000)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login", new { ReturnUrl }) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("/Account/Login", new { ReturnUrl });
        var code = Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(Code.Trim());
        if (result.Succeeded)
        {
            await audit.WriteAsync(new AuditEntry("account.signin", user.UserName!, null, null, null, "二次验证"));
            return LocalRedirect(LoginModel.SafeReturn(ReturnUrl));
        }
        await audit.WriteAsync(new AuditEntry("account.signin-failed", user.UserName!, null, null, null, "wrong second factor"));
        Error = result.IsLockedOut
            ? Bilingual.T("账号已锁定，请 15 分钟后再试，或联系管理员。", "The account is locked; try again in 15 minutes.")
            : Bilingual.T("验证码不正确或已过期，请输入身份验证器上当前显示的数字。", "Wrong or expired code; enter the code your authenticator shows now.");
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
