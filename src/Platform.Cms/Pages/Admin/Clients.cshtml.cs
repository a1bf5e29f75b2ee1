using Microsoft.AspNetCore.Mvc;
using Platform.Cms.Admin;
using Platform.Cms.Data;
using Platform.Cms.Identity;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Modules;
using Platform.Core.Regions;
using Platform.Core.Text;

namespace Platform.Cms.Pages.Admin;

/// <summary>Provider systems (OAuth clients) the caller manages, and the form to register one.</summary>
public sealed class ClientsModel(PlatformState state, IAccessScope access, ClientRegistry clients, ApiScopes apiScopes) : AdminPageModel(state, access)
{
    public IReadOnlyList<ClientView> Clients { get; private set; } = [];

    /// <summary>The scopes a provider's system may be given; the sign-in ones only matter with redirect addresses.</summary>
    public IEnumerable<ApiScopeDescriptor> ProviderScopes => apiScopes.ForProviders;
    public IReadOnlyList<ApiScopeDescriptor> SignInScopes => ApiScopes.SignInScopes;

    /// <summary>The organisations the caller administers: the only ones a client may be bound to.</summary>
    public IReadOnlyList<OrganisationInfo> OrganisationChoices { get; private set; } = [];

    /// <summary>The regions offered in the form: those the caller can see, not archived.</summary>
    public IEnumerable<RegionInfo> RegionChoices =>
        Snapshot.Regions.Where(r => !r.Archived && (Visible is null || Visible.Contains(r.Code)));

    /// <summary>Platform and bureau administrators register and manage clients; other staff see none.</summary>
    public bool CanManage => GrantClaim.Of(User).Any(g => g.Role is PlatformRoles.PlatformAdmin or PlatformRoles.BureauAdmin);

    /// <summary>Set only in the answer to a successful registration: the secret is shown this once.</summary>
    public string? NewSecret { get; private set; }
    public string? CreatedClientId { get; private set; }

    // Model binding turns an empty field into null.
    [BindProperty, SingleLine(100, Label = "客户端标识")] public string? ClientId { get; set; }
    [BindProperty, SingleLine(200, Label = "名称")] public string? DisplayName { get; set; }
    [BindProperty] public string? OrganisationId { get; set; }
    [BindProperty] public string? RegionCode { get; set; }
    [BindProperty] public bool Confidential { get; set; } = true;
    [BindProperty] public string? RedirectUris { get; set; }
    [BindProperty] public List<string> Scopes { get; set; } = [];

    public async Task OnGetAsync()
    {
        await LoadRegionAsync();
        RegionCode = Region?.Code ?? "";
        await LoadListsAsync();
    }

    public async Task OnPostCreateAsync()
    {
        await LoadRegionAsync();
        var input = new ClientInput(
            ClientId?.Trim() ?? "", DisplayName?.Trim() ?? "", OrganisationId?.Trim() ?? "", RegionCode?.Trim() ?? "", Confidential,
            [.. (RedirectUris ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)],
            [.. (Scopes ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal)]);
        var created = await TryAsync(async () =>
        {
            if (!CanManage)
                throw new PlatformException(403, "只有平台管理员和退役军人事务部门管理员可以登记接入系统。",
                    "Only platform and bureau administrators register clients.");
            NewSecret = await clients.RegisterAsync(User, input, HttpContext.RequestAborted);
        }, Bilingual.T($"已登记接入系统“{input.DisplayName}”（{input.ClientId}）。", $"Registered {input.DisplayName} ({input.ClientId})."));
        if (created)
        {
            CreatedClientId = input.ClientId;
            ClientId = DisplayName = OrganisationId = RedirectUris = null;
            Scopes = [];
            Confidential = true;
            RegionCode = Region?.Code ?? "";
            ModelState.Clear();
        }
        await LoadListsAsync();
    }

    private async Task LoadListsAsync()
    {
        Clients = await clients.ListAsync(User, HttpContext.RequestAborted);
        if (CanManage) OrganisationChoices = await clients.OrganisationChoicesAsync(User, HttpContext.RequestAborted);
    }
}
