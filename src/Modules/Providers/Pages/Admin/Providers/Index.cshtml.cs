using Platform.Core.Access;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Organisations;

namespace Platform.Modules.Providers.Pages.Admin.Providers;

/// <summary>
/// Provider staff: their own organisation(s). Bureau: the providers serving its region, applications waiting for
/// review first. Marked an organisation page because provider staff have no region.
/// </summary>
[OrganisationPage]
public sealed class IndexModel(ProviderService providers) : ProvidersPageModel
{
    public IReadOnlyList<Provider> Items { get; private set; } = [];
    public bool IsProviderStaff { get; private set; }

    public async Task OnGetAsync()
    {
        var organisations = GrantClaim.Of(User).Where(g => g.OrganisationId is not null).Select(g => g.OrganisationId!).ToHashSet(StringComparer.Ordinal);
        IsProviderStaff = organisations.Count > 0 && Region is null;
        if (IsProviderStaff)
        {
            Items = (await providers.VisibleAsync(User, null, HttpContext.RequestAborted)).Where(p => organisations.Contains(p.OrganisationId)).ToList();
            return;
        }
        var region = RequireRegion();
        Items = (await providers.VisibleAsync(User, region.Code, HttpContext.RequestAborted))
            .OrderBy(p => p.Status == ProviderStatus.Applied ? 0 : p.Status == ProviderStatus.Returned ? 1 : 2).ThenBy(p => p.Id).ToList();
    }
}
