using Microsoft.AspNetCore.Mvc;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features;
using Platform.Modules.Veterans.Features.Registry;

namespace Platform.Modules.Veterans.Pages.Admin.Veterans;

/// <summary>Registers a new veteran in the selected region.</summary>
public sealed class NewModel(VeteranRegistry registry, VeteranAccess access, Institutions institutions, TimeProvider clock) : VeteransPageModel
{
    [BindProperty] public VeteranForm Form { get; set; } = new();
    public IReadOnlyList<Institution> Homes { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await access.EnsureAsync(User, VeteranPermissions.Write, Region.Code, HttpContext.RequestAborted);
        Form.RegionCode = Region.Code;
        Homes = await institutions.ListAsync(User, Region.Code, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await access.EnsureAsync(User, VeteranPermissions.Write, Region.Code, HttpContext.RequestAborted);
        Homes = await institutions.ListAsync(User, Region.Code, HttpContext.RequestAborted);
        var known = await institutions.IdsInAsync(Form.RegionCode ?? Region.Code, HttpContext.RequestAborted);
        var (values, errors) = Form.Validate(ChinaClock.Today(clock), known.Contains);
        if (values is null)
        {
            Error = "未保存，请改正以下问题：" + string.Join(" ", errors);
            Response.StatusCode = 400;
            return Page();
        }
        long id = 0;
        if (!await TryAsync(async () => id = await registry.CreateAsync(User, values, HttpContext.RequestAborted), "已登记。")) return Page();
        return Redirect($"/admin/veterans/{id}");
    }
}
