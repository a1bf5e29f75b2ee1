using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Platform.Core.Data;

/// <summary>
/// Sets, on every SQLite connection: <c>synchronous=NORMAL</c> (with WAL the database stays consistent after a crash
/// or power cut and syncs at checkpoints instead of on every commit, SQLite's own advice for WAL) and
/// <c>busy_timeout</c> (SQLite's own wait for the write lock, in steps of 1 to 100 ms, instead of the ADO.NET
/// provider's retry every 150 ms, which otherwise sets the slowest writes under contention).
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    /// <summary>The shared instance.</summary>
    public static readonly SqlitePragmas Instance = new();

    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
