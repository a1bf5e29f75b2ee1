using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Data;
using Platform.Testing;

namespace Platform.Cms.Tests.Data;

/// <summary>
/// Prepared reads on SQLite: the same compiled command on a kept connection, which sees every commit made meanwhile,
/// refuses writes, holds back no checkpoint and is never more than <see cref="PreparedReads.KeepIdle"/> when idle.
/// </summary>
public sealed class PreparedReadsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-reads-").FullName;
    private readonly DatabaseSettings _database;
    private const string Read = "SELECT \"Value\" FROM counters WHERE \"Id\" = @id";

    public PreparedReadsTests()
    {
        _database = DatabaseSettings.From(null, _dir);
        Execute("PRAGMA journal_mode=WAL; CREATE TABLE counters (\"Id\" INTEGER PRIMARY KEY, \"Value\" INTEGER NOT NULL); INSERT INTO counters VALUES (1, 10);");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(_database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task<long> ValueAsync(ReadLease lease) =>
        (long)(await ReadLease.Set(lease.Command(Read), "@id", 1L).ExecuteScalarAsync())!;

    [Fact]
    public async Task A_kept_connection_reuses_its_command_and_sees_each_commit_made_between_reads()
    {
        using var reads = new PreparedReads(_database);
        System.Data.Common.DbCommand first;
        await using (var lease = await reads.LeaseAsync())
        {
            first = lease.Command(Read);
            Assert.Equal(10, await ValueAsync(lease));
        }
        Execute("UPDATE counters SET \"Value\" = 11 WHERE \"Id\" = 1");
        await using (var lease = await reads.LeaseAsync())
        {
            Assert.Same(first, lease.Command(Read)); // the same connection, its statement compiled once
            Assert.Equal(11, await ValueAsync(lease));
        }
        Assert.Equal(4, reads.CommandsRun); // every statement handed out is counted (EF Core's diagnostics never see them)
        // No read transaction is left open: a full checkpoint completes (busy = 0) while the connection is kept.
        using var connection = new SqliteConnection(_database.ConnectionString);
        connection.Open();
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        using var result = checkpoint.ExecuteReader();
        Assert.True(result.Read());
        Assert.Equal(0, result.GetInt32(0));
    }

    [Fact]
    public async Task A_leased_connection_refuses_writes()
    {
        using var reads = new PreparedReads(_database);
        await using var lease = await reads.LeaseAsync();
        var ex = await Assert.ThrowsAsync<SqliteException>(() => lease.Command("UPDATE counters SET \"Value\" = 0").ExecuteNonQueryAsync());
        Assert.Contains("readonly", ex.Message.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(10, await ValueAsync(lease));
    }

    [Fact]
    public async Task Many_leases_at_once_all_read_and_only_a_few_connections_stay_open()
    {
        using var reads = new PreparedReads(_database);
        var leases = await Task.WhenAll(Enumerable.Range(0, PreparedReads.KeepIdle + 6).Select(_ => reads.LeaseAsync().AsTask()));
        Assert.All(await Task.WhenAll(leases.Select(ValueAsync)), v => Assert.Equal(10, v));
        foreach (var lease in leases) await lease.DisposeAsync();
        var again = await Task.WhenAll(Enumerable.Range(0, PreparedReads.KeepIdle + 6).Select(_ => reads.LeaseAsync().AsTask()));
        // Of the second round only the kept ones come with the command already compiled.
        var reused = again.Count(l => l.HasCommand(Read));
        Assert.Equal(PreparedReads.KeepIdle, reused);
        foreach (var lease in again) await lease.DisposeAsync();
    }
}

/// <summary>On PostgreSQL a lease is a pooled connection with commands of its own.</summary>
public sealed class PreparedReadsPostgresTests(PostgresHost host) : IClassFixture<PostgresHost>
{
    [Fact]
    public async Task A_lease_reads_with_parameters_and_each_lease_has_its_own_command()
    {
        var reads = host.Services.GetRequiredService<PreparedReads>();
        System.Data.Common.DbCommand first;
        await using (var lease = await reads.LeaseAsync())
        {
            first = ReadLease.Set(lease.Command("SELECT @a::int + 1"), "@a", 41);
            Assert.Equal(42, Convert.ToInt32(await first.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
        await using (var lease = await reads.LeaseAsync())
        {
            var second = ReadLease.Set(lease.Command("SELECT @a::int + 1"), "@a", 1);
            Assert.NotSame(first, second);
            Assert.Equal(2, Convert.ToInt32(await second.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
