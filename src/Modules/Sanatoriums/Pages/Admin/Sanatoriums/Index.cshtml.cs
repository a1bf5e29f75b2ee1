using Microsoft.AspNetCore.Mvc;
using Platform.Core.Access;
using Platform.Core.Regions;
using Platform.Modules.Providers.Contracts;
using Platform.Modules.Sanatoriums.Catalogue;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Pages.Admin.Sanatoriums;

/// <summary>Sanatoriums: a provider's staff see and register their own; bureaus and liaison officers those of their region.</summary>
public sealed class IndexModel(SanatoriumService sanatoriums, IProviderDirectory providers, IRegionDirectory regions, IAccessScope access) : SanatoriumsPageModel
{
    public IReadOnlyList<Sanatorium> Items { get; private set; } = [];
    /// <summary>Sanatorium providers the caller may register a sanatorium for.</summary>
    public IReadOnlyList<ProviderSummary> Providers { get; private set; } = [];

    /// <summary>The sanatorium provider it belongs to: the caller's own organisation, or one its bureau vetted (checked).</summary>
    [BindProperty, SetBy(PlatformRoles.BureauAdmin, PlatformRoles.ProviderAdmin, PlatformRoles.ProviderStaff)]
    public string? OrganisationId { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Location { get; set; }
    [BindProperty] public string? Services { get; set; }
    [BindProperty] public string? MedicalSupport { get; set; }
    [BindProperty] public string? Notes { get; set; }
    [BindProperty] public string? SingleBeds { get; set; }
    [BindProperty] public string? DoubleBeds { get; set; }
    [BindProperty] public string? AccessibleBeds { get; set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var beds = new Dictionary<string, int>
        {
            [RoomKinds.SingleRoom] = Number(SingleBeds) ?? 0, [RoomKinds.DoubleRoom] = Number(DoubleBeds) ?? 0, [RoomKinds.AccessibleRoom] = Number(AccessibleBeds) ?? 0,
        };
        Sanatorium? created = null;
        if (await TryAsync(async () => created = await sanatoriums.CreateAsync(User, new SanatoriumInput(OrganisationId ?? "", Name ?? "", Location ?? "",
                Services ?? "", MedicalSupport ?? "", Notes, beds), HttpContext.RequestAborted), "疗养院已登记。"))
            return Redirect($"/admin/sanatoriums/{created!.Id}");
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var visible = await access.VisibleRegionsAsync(User, ct);
        var codes = Region is null ? [] : (await regions.AllAsync(ct)).Where(r => Region.Contains(r) && (visible is null || visible.Contains(r.Code))).Select(r => r.Code).ToList();
        Items = await sanatoriums.VisibleAsync(User, codes, ct);
        var candidates = new List<ProviderSummary>();
        foreach (var organisation in Organisations)
            if (await providers.FindAsync(organisation, ct) is { Category: "sanatorium" } own) candidates.Add(own);
        if (Region is not null && await access.HoldsRoleOverAsync(User, [PlatformRoles.BureauAdmin], Region.Code, ct))
            candidates.AddRange(await providers.ApprovedInRegionAsync(Region.Code, "sanatorium", ct));
        Providers = candidates.DistinctBy(p => p.OrganisationId).ToList();
    }
}
