using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Caching.Memory;
using Platform.Cms.Data;
using Platform.Core.Caching;

namespace Platform.Cms.Caching;

/// <summary>
/// The node's public cache. Generations live in <c>core_public_generations</c>; this node re-reads them at most once a
/// second and never goes back to an older one (a read that raced a change cannot undo it). Values sit in a size-bounded
/// memory cache under (module, generation, key), so a new generation simply stops finding the old ones, which then age
/// out. <c>Platform:PublicCache:Enabled=false</c> turns caching off (values are computed on every call, no page is kept).
/// </summary>
public sealed class PublicCache : IPublicCache, IDisposable
{
    private static readonly TimeSpan CrossNodeCheck = TimeSpan.FromSeconds(1);
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly MemoryCache _values;
    private readonly SemaphoreSlim _reload = new(1, 1);
    private Snapshot? _snapshot;

    public PublicCache(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration)
    {
        _scopes = scopes;
        _clock = clock;
        Enabled = configuration.GetValue("Platform:PublicCache:Enabled", true);
        _values = new MemoryCache(new MemoryCacheOptions { SizeLimit = configuration.GetValue("Platform:PublicCache:Entries", 20_000) });
    }

    /// <summary>False when <c>Platform:PublicCache:Enabled</c> is false.</summary>
    public bool Enabled { get; }

    private sealed record Snapshot(ImmutableDictionary<string, long> Versions, long CheckedAt);

    public async ValueTask<long> GenerationAsync(string moduleId, CancellationToken cancellationToken = default)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is null || _clock.GetElapsedTime(snapshot.CheckedAt) >= CrossNodeCheck)
            snapshot = await ReloadAsync(snapshot, cancellationToken);
        return snapshot.Versions.GetValueOrDefault(moduleId);
    }

    public async Task ChangedAsync(string moduleId, CancellationToken cancellationToken = default)
    {
        using var scope = _scopes.CreateScope();
        var version = await BumpAsync(scope.ServiceProvider.GetRequiredService<CoreDbContext>(), moduleId, cancellationToken);
        Merge([new(moduleId, version)], checkedAt: null);
    }

    /// <summary>
    /// Bumps the module's generation on <paramref name="db"/>'s connection, inside its transaction if it has one (then
    /// nodes see it, within a second, once that transaction commits); returns the new generation.
    /// </summary>
    public static async Task<long> BumpAsync(CoreDbContext db, string moduleId, CancellationToken cancellationToken)
    {
        var owned = db.Database.GetDbConnection().State != System.Data.ConnectionState.Open;
        if (owned) await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = """
                INSERT INTO core_public_generations ("Key", "Version") VALUES (@key, 1)
                ON CONFLICT ("Key") DO UPDATE SET "Version" = core_public_generations."Version" + 1
                RETURNING "Version"
                """;
            var key = command.CreateParameter();
            key.ParameterName = "@key";
            key.Value = moduleId;
            command.Parameters.Add(key);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            if (owned) await db.Database.CloseConnectionAsync();
        }
    }

    public async Task<T?> GetOrCreateAsync<T>(string moduleId, string key, Func<CancellationToken, Task<T?>> create, CancellationToken cancellationToken = default)
        where T : class
    {
        if (!Enabled) return await create(cancellationToken);
        var entry = (moduleId, await GenerationAsync(moduleId, cancellationToken), key);
        if (_values.TryGetValue(entry, out var cached) && cached is T value) return value;
        var created = await create(cancellationToken);
        if (created is not null)
            _values.Set(entry, created, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return created;
    }

    public void Dispose()
    {
        _values.Dispose();
        _reload.Dispose();
    }

    private async Task<Snapshot> ReloadAsync(Snapshot? seen, CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken);
        try
        {
            var current = Volatile.Read(ref _snapshot);
            if (current is not null && !ReferenceEquals(current, seen) && _clock.GetElapsedTime(current.CheckedAt) < CrossNodeCheck)
                return current;
            using var scope = _scopes.CreateScope();
            var rows = await scope.ServiceProvider.GetRequiredService<CoreDbContext>().PublicGenerations.AsNoTracking()
                .Select(g => new { g.Key, g.Version }).ToListAsync(cancellationToken);
            return Merge(rows.Select(r => new KeyValuePair<string, long>(r.Key, r.Version)), _clock.GetTimestamp());
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>Takes the newer version of each module (versions only grow), so no reader can put back an older one.</summary>
    private Snapshot Merge(IEnumerable<KeyValuePair<string, long>> seen, long? checkedAt)
    {
        var rows = seen.ToList();
        while (true)
        {
            var old = Volatile.Read(ref _snapshot);
            var versions = old?.Versions ?? ImmutableDictionary.Create<string, long>(StringComparer.Ordinal);
            foreach (var (module, version) in rows)
                if (versions.GetValueOrDefault(module) < version) versions = versions.SetItem(module, version);
            var next = new Snapshot(versions, checkedAt ?? old?.CheckedAt ?? 0);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _snapshot, next, old), old)) return next;
        }
    }
}
