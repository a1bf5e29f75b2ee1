using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Platform.Core.Data;

/// <summary>The two stores the platform runs on.</summary>
public enum DatabaseKind
{
    /// <summary>Embedded file database, the default.</summary>
    Sqlite,
    /// <summary>Production and multi-node store.</summary>
    Postgres,
}

/// <summary>Which database every module context uses; chosen once at start from the connection string.</summary>
public sealed record DatabaseSettings(DatabaseKind Kind, string ConnectionString)
{
    /// <summary>
    /// A connection string with <c>Host=</c> selects PostgreSQL; otherwise a SQLite file under
    /// <paramref name="dataPath"/> (WAL mode, a 30 s busy timeout).
    /// </summary>
    public static DatabaseSettings From(string? connectionString, string dataPath)
    {
        if (!string.IsNullOrWhiteSpace(connectionString) &&
            connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            // A request waits up to 30 s for a pooled connection, as a SQLite writer waits for its turn (Npgsql gives up
            // after 15 s): a burst of bookings queued on one hot row holds connections, and the others should wait, not
            // fail. A Timeout in the connection string is kept.
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            if (given.ContainsKey("Timeout")) return new DatabaseSettings(DatabaseKind.Postgres, connectionString);
            return new DatabaseSettings(DatabaseKind.Postgres, new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Timeout = 30 }.ToString());
        }

        var builder = new SqliteConnectionStringBuilder(connectionString ?? "");
        if (string.IsNullOrEmpty(builder.DataSource))
            builder.DataSource = Path.Combine(dataPath, "platform.db");
        // Microsoft.Data.Sqlite retries a busy database until the command timeout (30 s by default),
        // so concurrent writers wait for each other instead of failing with SQLITE_BUSY.
        if (builder.DefaultTimeout <= 0)
            builder.DefaultTimeout = 30;
        builder.Pooling = true;
        return new DatabaseSettings(DatabaseKind.Sqlite, builder.ToString());
    }

    /// <summary>Points an options builder at this database, with the migrations history kept by the platform's own runner.</summary>
    public void Configure(DbContextOptionsBuilder options)
    {
        if (Kind == DatabaseKind.Postgres)
            options.UseNpgsql(ConnectionString);
        else
            options.UseSqlite(ConnectionString).AddInterceptors(SqlitePragmas.Instance, SqliteWriteGate.Instance);
    }

    /// <summary>The lower-case name shown by <c>/health</c>.</summary>
    public string DisplayName => Kind == DatabaseKind.Postgres ? "postgres" : "sqlite";
}
