using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Regions;

namespace Platform.Cms.Data;

/// <summary>The region tree and the feature switches, read together and kept in memory.</summary>
public sealed class StateSnapshot
{
    public StateSnapshot(IEnumerable<RegionInfo> regions, IEnumerable<RegionFeature> features, long version, IReadOnlyDictionary<string, string?> themes)
    {
        Regions = regions.OrderBy(r => r.Path, StringComparer.Ordinal).ToList();
        ByCode = Regions.ToFrozenDictionary(r => r.Code, StringComparer.Ordinal);
        Overrides = features.ToFrozenDictionary(f => (f.RegionCode, f.ModuleId), f => f.Enabled);
        Version = version;
        _themes = themes;
    }

    private readonly IReadOnlyDictionary<string, string?> _themes;

    /// <summary>The theme a region uses: its own choice, else its nearest ancestor's, else the default.</summary>
    public string ThemeOf(string code)
    {
        for (var r = ByCode.GetValueOrDefault(code); r is not null; r = r.ParentCode is null ? null : ByCode.GetValueOrDefault(r.ParentCode))
        {
            if (_themes.GetValueOrDefault(r.Code) is { Length: > 0 } theme) return theme;
        }
        return Theming.ThemeFiles.DefaultTheme;
    }

    public IReadOnlyList<RegionInfo> Regions { get; }
    public FrozenDictionary<string, RegionInfo> ByCode { get; }
    public FrozenDictionary<(string Region, string Module), bool> Overrides { get; }
    public long Version { get; }
}

/// <summary>
/// One copy of <see cref="StateSnapshot"/> per node. A change on this node invalidates it at once;
/// changes made by other nodes are noticed through <c>core_state_versions</c>, checked at most once a second.
/// </summary>
public sealed class PlatformState(IServiceScopeFactory scopes, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan CrossNodeCheck = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile StateSnapshot? _snapshot;
    private long _checkedAt;

    public async ValueTask<StateSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && clock.GetElapsedTime(Interlocked.Read(ref _checkedAt)) < CrossNodeCheck)
            return snapshot;
        return await ReloadAsync(snapshot, cancellationToken);
    }

    public void Dispose() => _reload.Dispose();

    /// <summary>Drops the cached copy; the next read loads the committed state.</summary>
    public void Invalidate() => _snapshot = null;

    private async Task<StateSnapshot> ReloadAsync(StateSnapshot? seen, CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is not null && !ReferenceEquals(_snapshot, seen))
                return _snapshot;
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
            var version = await db.StateVersions.AsNoTracking().SumAsync(v => v.Version, cancellationToken);
            if (seen is not null && _snapshot is not null && seen.Version == version)
            {
                Interlocked.Exchange(ref _checkedAt, clock.GetTimestamp());
                return seen;
            }
            var regions = await db.Regions.AsNoTracking().ToListAsync(cancellationToken);
            var features = await db.Features.AsNoTracking().ToListAsync(cancellationToken);
            var fresh = new StateSnapshot(regions.Select(ToInfo), features, version, regions.ToDictionary(r => r.Code, r => r.Theme));
            _snapshot = fresh;
            Interlocked.Exchange(ref _checkedAt, clock.GetTimestamp());
            return fresh;
        }
        finally
        {
            _reload.Release();
        }
    }

    public static RegionInfo ToInfo(Region r) =>
        new(r.Code, r.ParentCode, r.Name, r.Slug, (RegionLevel)r.Level, r.Path, r.Archived);
}
