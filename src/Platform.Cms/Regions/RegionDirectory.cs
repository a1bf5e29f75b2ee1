using Platform.Cms.Data;
using Platform.Core.Regions;

namespace Platform.Cms.Regions;

public sealed class RegionDirectory(PlatformState state) : IRegionDirectory
{
    public async ValueTask<RegionInfo?> FindAsync(string code, CancellationToken cancellationToken = default) =>
        (await state.GetAsync(cancellationToken)).ByCode.GetValueOrDefault(code);

    public async ValueTask<IReadOnlyList<RegionInfo>> AncestryAsync(string code, CancellationToken cancellationToken = default) =>
        Ancestry(await state.GetAsync(cancellationToken), code);

    public async ValueTask<IReadOnlyList<RegionInfo>> AllAsync(CancellationToken cancellationToken = default) =>
        (await state.GetAsync(cancellationToken)).Regions;

    public static List<RegionInfo> Ancestry(StateSnapshot snapshot, string code)
    {
        var chain = new List<RegionInfo>();
        for (var current = snapshot.ByCode.GetValueOrDefault(code);
             current is not null;
             current = current.ParentCode is null ? null : snapshot.ByCode.GetValueOrDefault(current.ParentCode))
            chain.Add(current);
        return chain;
    }
}
