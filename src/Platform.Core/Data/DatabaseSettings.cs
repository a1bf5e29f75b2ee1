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
            // fail. Statements used often are prepared on the server (Npgsql prepares none by default, so PostgreSQL
            // parsed and planned every statement again: half its CPU per booking, bench/booking) and a connection going
            // back to the pool is not reset (Npgsql otherwise prefixes six reset statements to its next use, and a request
            // opens a pooled connection several times). The platform keeps no session state on a pooled connection
            // (MigrationRunner gives its advisory lock back itself); code that sets any must undo it. What the
            // connection string says is kept.
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            bool Says(params string[] keys) => keys.Any(given.ContainsKey);
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            if (!Says("Timeout")) builder.Timeout = 30;
            if (!Says("Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = 100;
            if (!Says("No Reset On Close", "NoResetOnClose")) builder.NoResetOnClose = true;
            return new DatabaseSettings(DatabaseKind.Postgres, builder.ToString());
        }

        var sqlite = new SqliteConnectionStringBuilder(connectionString ?? "");
        if (string.IsNullOrEmpty(sqlite.DataSource))
            sqlite.DataSource = Path.Combine(dataPath, "platform.db");
        // Microsoft.Data.Sqlite retries a busy database until the command timeout (30 s by default),
        // so concurrent writers wait for each other instead of failing with SQLITE_BUSY.
        if (sqlite.DefaultTimeout <= 0)
            sqlite.DefaultTimeout = 30;
        sqlite.Pooling = true;
        return new DatabaseSettings(DatabaseKind.Sqlite, sqlite.ToString());
    }

    /// <summary>
    /// Points an options builder at this database, with the migrations history kept by the platform's own runner and
    /// every text checked against its column's length before it is saved (<see cref="ColumnLengthCheck"/>).
    /// </summary>
    public void Configure(DbContextOptionsBuilder options)
    {
        if (Kind == DatabaseKind.Postgres)
            options.UseNpgsql(ConnectionString);
        else
            options.UseSqlite(ConnectionString).AddInterceptors(SqlitePragmas.Instance, SqliteWriteGate.Instance);
        options.AddInterceptors(ColumnLengthCheck.Instance);
    }

    /// <summary>The lower-case name shown by <c>/health</c>.</summary>
    public string DisplayName => Kind == DatabaseKind.Postgres ? "postgres" : "sqlite";
}
