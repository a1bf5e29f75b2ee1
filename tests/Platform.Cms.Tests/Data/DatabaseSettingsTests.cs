using Npgsql;
using Platform.Core.Data;
using Platform.Testing;

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
    public void A_postgres_connection_prepares_statements_used_often_and_is_not_reset_when_pooled_unless_the_string_says_otherwise()
    {
        var settings = new NpgsqlConnectionStringBuilder(DatabaseSettings.From("Host=db.example;Database=platform", "/tmp").ConnectionString);
        Assert.Equal((100, true), (settings.MaxAutoPrepare, settings.NoResetOnClose));

        var own = new NpgsqlConnectionStringBuilder(DatabaseSettings.From("Host=db.example;Database=platform;Max Auto Prepare=0;No Reset On Close=false", "/tmp").ConnectionString);
        Assert.Equal((0, false), (own.MaxAutoPrepare, own.NoResetOnClose));
        var spelt = new NpgsqlConnectionStringBuilder(DatabaseSettings.From("Host=db.example;MaxAutoPrepare=7;NoResetOnClose=false", "/tmp").ConnectionString);
        Assert.Equal((7, false), (spelt.MaxAutoPrepare, spelt.NoResetOnClose));
    }

    [Fact]
    public async Task On_postgres_a_statement_used_often_is_prepared_on_the_server_and_survives_the_pool()
    {
        // Its own pool of one connection, so a closed and reopened connection is the same server session.
        var database = DatabaseSettings.From(await PostgresServer.CreateDatabaseAsync() + ";Maximum Pool Size=1", "/tmp");
        const string Read = "SELECT count(*) FROM pg_class WHERE relname = $1";
        for (var i = 0; i < 6; i++)
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            if (i == 0)
                await using (var set = new NpgsqlCommand("SET application_name = 'kept'", connection))
                    await set.ExecuteNonQueryAsync();
            await using var command = new NpgsqlCommand(Read, connection) { Parameters = { new() { Value = "pg_class" } } };
            Assert.Equal(1L, await command.ExecuteScalarAsync());
        }
        await using var check = new NpgsqlConnection(database.ConnectionString);
        await check.OpenAsync();
        await using var prepared = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", check) { Parameters = { new() { Value = Read } } };
        Assert.Equal(1L, await prepared.ExecuteScalarAsync());
        // Not reset on its way through the pool: what the first use set is still there.
        await using var name = new NpgsqlCommand("SHOW application_name", check);
        Assert.Equal("kept", await name.ExecuteScalarAsync());
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
