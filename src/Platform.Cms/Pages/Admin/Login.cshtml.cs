using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Cms.Hosting;
using Platform.Cms.Setup;
using Platform.Core.Auditing;
using Platform.Core.Text;

namespace Platform.Cms.Pages.Admin;

public sealed class LoginModel(AccountService accounts, IAuditLog audit, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty] public string UserName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var account = await accounts.VerifyAsync(UserName, Password, HttpContext.RequestAborted);
        if (account is null)
        {
            logger.LogWarning("Failed admin sign-in for {User}", UserName);
            await audit.WriteAsync(new AuditEntry("account.signin-failed", UserName, null, null, null, null));
            Error = Bilingual.T("用户名或密码不正确，请重新输入。", "Wrong user name or password; please try again.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, account.UserName),
            new Claim("display_name", account.DisplayName),
            new Claim(ClaimTypes.Role, PlatformServices.PlatformAdminRole),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(new ClaimsPrincipal(identity));
        return LocalRedirect(ReturnUrl is { Length: > 1 } r && Url.IsLocalUrl(r) ? r : "/admin");
    }
}
