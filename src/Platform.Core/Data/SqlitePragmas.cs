using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Platform.Core.Data;

/// <summary>
/// Sets, on every SQLite connection: <c>synchronous=NORMAL</c> (with WAL the database stays consistent after a crash
/// or power cut and syncs at checkpoints instead of on every commit, SQLite's own advice for WAL) and
/// <c>busy_timeout</c> (SQLite's own wait for the write lock, in steps of 1 to 100 ms, instead of the ADO.NET
/// provider's retry every 150 ms, which otherwise sets the slowest writes under contention). Pragmas belong to the
/// native connection, which the provider's pool keeps open: each native connection gets them once, not on every open.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    /// <summary>The shared instance.</summary>
    public static readonly SqlitePragmas Instance = new();

    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
    private readonly ConditionalWeakTable<object, object> _applied = [];

    /// <summary>True the first time a native connection is seen (a connection without a handle always needs them).</summary>
    private bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _applied.TryAdd(handle, handle);

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!FirstOpen(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!FirstOpen(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
