using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Cms.Setup;
using Platform.Core;
using Platform.Core.Text;

namespace Platform.Cms.Pages;

[AllowAnonymous]
public sealed class SetupModel(Identity.PeopleService people, RecipeLoader recipes) : PageModel
{
    [BindProperty, SingleLine(256, Label = "账号")] public string UserName { get; set; } = "";
    [BindProperty, SingleLine(100, Label = "姓名")] public string DisplayName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty] public bool LoadDemo { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await people.AnyAsync(HttpContext.RequestAborted) ? Redirect("/admin") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await people.AnyAsync(HttpContext.RequestAborted)) return Redirect("/admin");
        try
        {
            await people.CreateAsync(UserName, DisplayName, Password,
                [new Identity.GrantInput(Core.Access.PlatformRoles.PlatformAdmin)], "setup", HttpContext.RequestAborted);
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
        return Redirect("/admin");
    }
}
