using Npgsql;
using Platform.Core.Data;

namespace Platform.Cms.Tests.Data;

/// <summary>Which database a connection string selects, and the waits the platform sets when the string does not.</summary>
public sealed class DatabaseSettingsTests
{
    [Fact]
    public void A_postgres_request_waits_up_to_30_seconds_for_a_pooled_connection_unless_the_string_says_otherwise()
    {
        var chosen = DatabaseSettings.From("Host=db.example;Database=platform;Username=app;Password=secret", "/tmp");
        Assert.Equal(DatabaseKind.Postgres, chosen.Kind);
        var settings = new NpgsqlConnectionStringBuilder(chosen.ConnectionString);
        Assert.Equal((30, "db.example", "platform", "app", "secret"), (settings.Timeout, settings.Host, settings.Database, settings.Username, settings.Password));

        var own = DatabaseSettings.From("Host=db.example;Database=platform;Timeout=5", "/tmp");
        Assert.Equal(5, new NpgsqlConnectionStringBuilder(own.ConnectionString).Timeout);
    }

    [Fact]
    public void A_sqlite_writer_waits_up_to_30_seconds_for_its_turn()
    {
        var chosen = DatabaseSettings.From(null, "/tmp/data");
        Assert.Equal(DatabaseKind.Sqlite, chosen.Kind);
        var settings = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(chosen.ConnectionString);
        Assert.Equal((30, Path.Combine("/tmp/data", "platform.db")), (settings.DefaultTimeout, settings.DataSource));
    }
}
