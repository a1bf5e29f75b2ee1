using Platform.Cms.Admin;
using Platform.Cms.Data;
using Platform.Core.Access;
using Platform.Cms.Features;
using Platform.Core.Text;

namespace Platform.Cms.Pages.Admin;

public sealed class FeaturesModel(PlatformState state, IAccessScope access, FeatureService features) : AdminPageModel(state, access)
{
    public IReadOnlyList<ModuleFeatureView> Features { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await LoadRegionAsync();
        if (Region is not null) Features = await features.ListAsync(Region.Code);
    }

    public async Task OnPostAsync(string moduleId, FeatureSwitch state)
    {
        await LoadRegionAsync();
        if (Region is null) return;
        await TryAsync(async () =>
        {
            await Access.EnsureAsync(User, Region.Code, write: true);
            await features.SetAsync(Region.Code, moduleId, state, Actor);
        }, Bilingual.T("已保存。", "Saved."));
        await LoadRegionAsync();
        Features = await features.ListAsync(Region!.Code);
    }
}
