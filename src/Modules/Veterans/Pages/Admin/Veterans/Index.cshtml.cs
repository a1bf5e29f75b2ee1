using Microsoft.AspNetCore.Mvc;
using Platform.Modules.Veterans.Contracts;
using Platform.Modules.Veterans.Features;
using Platform.Modules.Veterans.Features.Registry;

namespace Platform.Modules.Veterans.Pages.Admin.Veterans;

/// <summary>The registry of the selected region and the regions below it, filtered by key groups and name.</summary>
public sealed class IndexModel(VeteranRegistry registry, VeteranAccess access, TimeProvider clock) : VeteransPageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Name { get; set; }
    [BindProperty(SupportsGet = true)] public string? Area { get; set; }
    [BindProperty(SupportsGet = true)] public List<KeyGroups> Groups { get; set; } = [];
    [BindProperty(SupportsGet = true)] public bool Deceased { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<VeteranRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public bool MayWrite { get; private set; }
    public DateOnly Today { get; private set; }
    public KeyGroups Selected => Groups.Aggregate(KeyGroups.None, (a, g) => a | g);

    public async Task OnGetAsync()
    {
        var area = Subtree.FirstOrDefault(r => r.Code == Area) ?? Region;
        PageNumber = Math.Max(PageNumber, 1);
        (Rows, Total) = await registry.ListAsync(User, new RegistryFilter(area.Code, Selected, Name, Deceased), (PageNumber - 1) * PageSize, PageSize, HttpContext.RequestAborted);
        MayWrite = await access.HoldsAsync(User, VeteranPermissions.Write, Region.Code, HttpContext.RequestAborted);
        Today = ChinaClock.Today(clock);
    }

    public string Query(int page) =>
        $"?area={Area}&name={Uri.EscapeDataString(Name ?? "")}&deceased={Deceased}&p={page}" + string.Concat(Groups.Select(g => $"&groups={g}"));
}
