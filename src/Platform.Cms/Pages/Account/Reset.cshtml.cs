using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Platform.Cms.Identity;
using Platform.Core.Auditing;
using Platform.Core.Text;

namespace Platform.Cms.Pages.Account;

/// <summary>Redeems an administrator-issued one-time reset link.</summary>
[EnableRateLimiting(IdentityServices.LoginLimiter)]
public sealed class ResetModel(UserManager<PlatformUser> users, PeopleService people, IAuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")] public string UserId { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    public string? Error { get; private set; }
    public bool Done { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.FindByIdAsync(UserId);
        var result = user is null ? IdentityResult.Failed(users.ErrorDescriber.InvalidToken()) : await users.ResetPasswordAsync(user, Token, Password);
        if (!result.Succeeded)
        {
            Error = string.Join(" ", result.Errors.Select(e => e.Description));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await people.EndSessionsAsync(user!, HttpContext.RequestAborted);
        await audit.WriteAsync(new AuditEntry("person.password-reset", user!.UserName!, null, null, null, null));
        Done = true;
        return Page();
    }
}
