using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Caching;
using Platform.Cms.Data;
using Platform.Testing;

namespace Platform.Cms.Tests.Caching;

/// <summary>
/// The public cache of each node: a value is computed once per module generation; a change is seen at once on the node
/// that made it and within about a second on every other node (two caches on one database stand for two nodes).
/// </summary>
public abstract class PublicCacheTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    protected THost Host => host;

    private PublicCache NewNode(bool enabled = true) => new(host.Services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System,
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Platform:PublicCache:Enabled"] = enabled ? "true" : "false" }).Build());

    private static string NewModule() => "Cache" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_change_is_seen_at_once_on_its_node_and_within_a_second_on_another()
    {
        using var a = NewNode();
        using var b = NewNode();
        var module = NewModule();
        var computed = 0;
        Task<string?> Make(CancellationToken _) => Task.FromResult<string?>($"v{Interlocked.Increment(ref computed)}");

        Assert.Equal("v1", await a.GetOrCreateAsync(module, "story:1", Make));
        Assert.Equal("v1", await a.GetOrCreateAsync(module, "story:1", Make));
        Assert.Equal("v2", await b.GetOrCreateAsync(module, "story:1", Make)); // each node keeps its own
        Assert.Equal("v3", await a.GetOrCreateAsync(module, "story:2", Make));

        var watch = Stopwatch.StartNew();
        await a.ChangedAsync(module);
        Assert.Equal(1, await a.GenerationAsync(module));
        Assert.Equal("v4", await a.GetOrCreateAsync(module, "story:1", Make)); // at once where it changed

        string? seen;
        while ((seen = await b.GetOrCreateAsync(module, "story:1", Make)) == "v2" && watch.Elapsed < TimeSpan.FromSeconds(5))
            await Task.Delay(50);
        Assert.Equal("v5", seen);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"the other node saw the change after {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(1, await b.GenerationAsync(module));

        await b.ChangedAsync(module);
        Assert.Equal(2, await b.GenerationAsync(module));
        Assert.Equal(0, await a.GenerationAsync(NewModule())); // a module that never changed
    }

    [Fact]
    public async Task Nothing_is_kept_for_a_missing_value_or_when_the_cache_is_off()
    {
        using var on = NewNode();
        using var off = NewNode(enabled: false);
        var module = NewModule();
        var calls = 0;
        Task<string?> Missing(CancellationToken _)
        {
            calls++;
            return Task.FromResult<string?>(null);
        }
        Assert.Null(await on.GetOrCreateAsync(module, "gone", Missing));
        Assert.Null(await on.GetOrCreateAsync(module, "gone", Missing));
        Assert.Equal(2, calls);

        var made = 0;
        Task<string?> Make(CancellationToken _) => Task.FromResult<string?>($"v{++made}");
        Assert.Equal("v1", await off.GetOrCreateAsync(module, "k", Make));
        Assert.Equal("v2", await off.GetOrCreateAsync(module, "k", Make));
    }

    [Fact]
    public async Task A_generation_bumped_inside_a_transaction_that_rolls_back_is_not_seen()
    {
        var module = NewModule();
        using (var scope = host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(1, await PublicCache.BumpAsync(db, module, CancellationToken.None));
            await transaction.RollbackAsync();
        }
        using var node = NewNode();
        Assert.Equal(0, await node.GenerationAsync(module));
    }
}

public sealed class PublicCacheTests_Sqlite(SqliteHost sqlite) : PublicCacheTests<SqliteHost>(sqlite)
{
    [Fact]
    public async Task Pragmas_hold_on_a_pooled_connection_that_is_opened_again()
    {
        for (var i = 0; i < 3; i++)
        {
            using var scope = Host.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA busy_timeout";
            Assert.Equal(30000L, (long)(await command.ExecuteScalarAsync())!);
            command.CommandText = "PRAGMA synchronous";
            Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!); // NORMAL
            Assert.IsType<SqliteConnection>(db.Database.GetDbConnection());
            await db.Database.CloseConnectionAsync();
        }
    }
}

public sealed class PublicCacheTests_Postgres(PostgresHost host) : PublicCacheTests<PostgresHost>(host);
