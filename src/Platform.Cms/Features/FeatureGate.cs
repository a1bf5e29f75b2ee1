using Platform.Cms.Data;
using Platform.Core.Features;
using Platform.Core.Modules;

namespace Platform.Cms.Features;

public sealed class FeatureGate(PlatformState state, ModuleCatalog catalog) : IFeatureGate
{
    public async ValueTask<bool> IsEnabledAsync(string regionCode, string moduleId, CancellationToken cancellationToken = default)
    {
        var snapshot = await state.GetAsync(cancellationToken);
        return snapshot.ByCode.ContainsKey(regionCode)
            && catalog.Find(moduleId) is not null
            && FeatureResolver.Resolve(snapshot.ByCode, snapshot.Overrides, regionCode, moduleId).Enabled;
    }

    public async ValueTask<IReadOnlySet<string>> EnabledModulesAsync(string regionCode, CancellationToken cancellationToken = default)
    {
        var snapshot = await state.GetAsync(cancellationToken);
        if (!snapshot.ByCode.ContainsKey(regionCode)) return new HashSet<string>();
        return catalog.Modules
            .Where(m => FeatureResolver.Resolve(snapshot.ByCode, snapshot.Overrides, regionCode, m.Manifest.Id).Enabled)
            .Select(m => m.Manifest.Id)
            .ToHashSet(StringComparer.Ordinal);
    }
}
