using Microsoft.AspNetCore.Mvc;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features;
using Platform.Modules.Veterans.Features.Contacts;
using Platform.Modules.Veterans.Features.Officers;

namespace Platform.Modules.Veterans.Pages.Admin.Veterans;

/// <summary>联络员工作台: what is due for the signed-in officer (a bureau may look at any officer of its regions).</summary>
public sealed class DueModel(Officers officers, VeteranAccess access, TimeProvider clock) : VeteransPageModel
{
    [BindProperty(SupportsGet = true)] public string? Officer { get; set; }
    public IReadOnlyList<DueItem> Items { get; private set; } = [];
    public IReadOnlyList<Officer> Officers { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public string Who { get; private set; } = "";

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        await access.EnsureAsync(User, VeteranPermissions.Read, Region.Code, ct);
        await officers.EnsureSelfAsync(User, ct);
        Officers = await officers.ListAsync(User, Region.Code, ct);
        Who = Officer is { Length: > 0 } && Officers.Any(o => o.UserName == Officer) ? Officer : Actor;
        Items = await officers.DueAsync(User, Who, ct);
        Today = ChinaClock.Today(clock);
    }
}
