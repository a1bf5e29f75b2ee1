using Microsoft.AspNetCore.Mvc;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features;
using Platform.Modules.Veterans.Features.Registry;
using Platform.Core.Text;

namespace Platform.Modules.Veterans.Pages.Admin.Veterans;

/// <summary>Rest homes (军休所) of the selected region, and adding one.</summary>
public sealed class InstitutionsModel(Institutions institutions, VeteranAccess access) : VeteransPageModel
{
    [BindProperty, SingleLine(100, Label = "军休所名称")] public string? Name { get; set; }
    [BindProperty, SingleLine(200, Label = "地址")] public string? Address { get; set; }
    [BindProperty, SingleLine(40, Label = "电话")] public string? Phone { get; set; }
    [BindProperty, MultiLine(2000, Label = "工作人员")] public string? Staff { get; set; }
    public IReadOnlyList<Institution> Items { get; private set; } = [];
    public bool MayWrite { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        await access.EnsureAsync(User, VeteranPermissions.Write, Region.Code, HttpContext.RequestAborted);
        if (await TryAsync(() => institutions.CreateAsync(User, Region.Code, Name, Address, Phone, Staff, HttpContext.RequestAborted), "军休所已添加。"))
            Name = Address = Phone = Staff = null;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Items = await institutions.ListAsync(User, Region.Code, HttpContext.RequestAborted);
        MayWrite = await access.HoldsAsync(User, VeteranPermissions.Write, Region.Code, HttpContext.RequestAborted);
    }
}
