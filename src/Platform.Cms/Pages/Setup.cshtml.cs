using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Cms.Setup;
using Platform.Core;

namespace Platform.Cms.Pages;

[AllowAnonymous]
public sealed class SetupModel(AccountService accounts, RecipeLoader recipes) : PageModel
{
    [BindProperty] public string UserName { get; set; } = "";
    [BindProperty] public string DisplayName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty] public bool LoadDemo { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await accounts.IsSetUpAsync(HttpContext.RequestAborted) ? Redirect("/admin") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await accounts.IsSetUpAsync(HttpContext.RequestAborted)) return Redirect("/admin");
        try
        {
            await accounts.CreateAsync(UserName, DisplayName, Password, HttpContext.RequestAborted);
            if (LoadDemo)
            {
                var demo = RecipeLoader.Read(Path.Combine(AppContext.BaseDirectory, "recipes", "demo.json"));
                await recipes.LoadAsync(demo with { Accounts = [] }, HttpContext.RequestAborted);
            }
        }
        catch (PlatformException ex)
        {
            Error = ex.Localized;
            Response.StatusCode = ex.Status;
            return Page();
        }
        return Redirect("/admin/login");
    }
}
