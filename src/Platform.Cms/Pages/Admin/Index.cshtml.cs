using Platform.Cms.Admin;
using Platform.Cms.Data;
using Platform.Core.Access;
using Platform.Core.Features;
using Platform.Core.Modules;

namespace Platform.Cms.Pages.Admin;

public sealed class IndexModel(PlatformState state, IAccessScope access, IFeatureGate gate, ModuleCatalog catalog) : AdminPageModel(state, access)
{
    public int EnabledCount { get; private set; }
    public int Installed => catalog.Modules.Count;

    public async Task OnGetAsync()
    {
        await LoadRegionAsync();
        if (Region is not null) EnabledCount = (await gate.EnabledModulesAsync(Region.Code)).Count;
    }
}
