using Microsoft.AspNetCore.Mvc;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features;
using Platform.Modules.Veterans.Features.Officers;
using Platform.Modules.Veterans.Features.Registry;
using Platform.Core.Text;

namespace Platform.Modules.Veterans.Pages.Admin.Veterans;

/// <summary>Assigns households to liaison officers in bulk (all or none), and registers officers.</summary>
public sealed class AssignModel(Officers officers, VeteranRegistry registry, VeteranAccess access) : VeteransPageModel
{
    [BindProperty(SupportsGet = true)] public bool Unassigned { get; set; }
    [BindProperty] public List<long> Selected { get; set; } = [];
    [BindProperty, SingleLine(100, Label = "联络员账号")] public string? OfficerUserName { get; set; }
    [BindProperty, SingleLine(100, Label = "新联络员账号")] public string? NewUserName { get; set; }
    [BindProperty, SingleLine(100, Label = "新联络员姓名")] public string? NewDisplayName { get; set; }
    public IReadOnlyList<Officer> Officers { get; private set; } = [];
    public IReadOnlyList<VeteranRow> Rows { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        await access.EnsureAsync(User, VeteranPermissions.Assign, Region.Code, HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(OfficerUserName))
        {
            Error = "请选择要分配给哪位联络员。";
            Response.StatusCode = 400;
        }
        else if (await TryAsync(() => officers.AssignAsync(User, Selected, OfficerUserName, HttpContext.RequestAborted), $"已把 {Selected.Count} 户分配给 {OfficerUserName}。"))
        {
            Selected = [];
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRegisterAsync()
    {
        await access.EnsureAsync(User, VeteranPermissions.Assign, Region.Code, HttpContext.RequestAborted);
        if (await TryAsync(() => officers.RegisterAsync(User, NewUserName ?? "", NewDisplayName ?? "", Region.Code, HttpContext.RequestAborted), "联络员已登记。"))
            NewUserName = NewDisplayName = null;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        await access.EnsureAsync(User, VeteranPermissions.Assign, Region.Code, ct);
        Officers = await officers.ListAsync(User, Region.Code, ct);
        var (rows, _) = await registry.ListAsync(User, new RegistryFilter(Region.Code), 0, 500, ct);
        Rows = Unassigned ? rows.Where(r => r.Officer is null).ToList() : rows;
    }
}
