using Microsoft.AspNetCore.Mvc;
using Platform.Core.Access;
using Platform.Core.Regions;
using Platform.Modules.Providers.Contracts;
using Platform.Modules.Sanatoriums.Catalogue;
using Platform.Modules.Sanatoriums.Data;
using Platform.Core.Text;

namespace Platform.Modules.Sanatoriums.Pages.Admin.Sanatoriums;

/// <summary>Sanatoriums: a provider's staff see and register their own; bureaus and liaison officers those of their region.</summary>
public sealed class IndexModel(SanatoriumService sanatoriums, IProviderDirectory providers, IRegionDirectory regions, IAccessScope access) : SanatoriumsPageModel
{
    public IReadOnlyList<Sanatorium> Items { get; private set; } = [];
    /// <summary>Sanatorium providers the caller may register a sanatorium for.</summary>
    public IReadOnlyList<ProviderSummary> Providers { get; private set; } = [];

    /// <summary>The sanatorium provider it belongs to: the caller's own organisation, or one its bureau vetted (checked).</summary>
    [BindProperty, SetBy(PlatformRoles.BureauAdmin, PlatformRoles.ProviderAdmin, PlatformRoles.ProviderStaff)]
    [SingleLine(64, Label = "所属服务商")] public string? OrganisationId { get; set; }
    [BindProperty, SingleLine(100, Label = "疗养院名称")] public string? Name { get; set; }
    [BindProperty, SingleLine(300, Label = "地点")] public string? Location { get; set; }
    [BindProperty, SingleLine(500, Label = "服务项目")] public string? Services { get; set; }
    [BindProperty, SingleLine(200, Label = "医疗保障")] public string? MedicalSupport { get; set; }
    [BindProperty, SingleLine(2000, Label = "说明")] public string? Notes { get; set; }
    [BindProperty, SingleLine(10, Label = "单人间床位")] public string? SingleBeds { get; set; }
    [BindProperty, SingleLine(10, Label = "双人间床位")] public string? DoubleBeds { get; set; }
    [BindProperty, SingleLine(10, Label = "无障碍床位")] public string? AccessibleBeds { get; set; }

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
