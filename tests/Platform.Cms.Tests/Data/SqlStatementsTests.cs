using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Core.Data;
using Platform.Testing;

namespace Platform.Cms.Tests.Data;

/// <summary>
/// Several statements in one command (<see cref="SqlStatements"/>): every value is a parameter (never SQL), a part can
/// name a row an earlier statement of the same command wrote, and the rows changed add up across the statements.
/// </summary>
public abstract class SqlStatementsTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private static async Task<DbConnection> OpenAsync(IServiceScope scope)
    {
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var create = connection.CreateCommand();
        create.CommandText = """
            CREATE TABLE IF NOT EXISTS sqlstatements_parents ("Id" BIGINT PRIMARY KEY, "Key" VARCHAR(100) NOT NULL UNIQUE, "Note" VARCHAR(200), "At" TIMESTAMP);
            CREATE TABLE IF NOT EXISTS sqlstatements_children ("ParentId" BIGINT NOT NULL REFERENCES sqlstatements_parents ("Id"), "Day" DATE NOT NULL);
            """;
        await create.ExecuteNonQueryAsync();
        return connection;
    }

    [Fact]
    public async Task Values_are_parameters_parts_name_earlier_rows_and_the_rows_changed_add_up()
    {
        using var scope = host.Services.CreateScope();
        var connection = await OpenAsync(scope);
        var key = "key-" + Guid.NewGuid().ToString("N");
        var id = Random.Shared.NextInt64(1, long.MaxValue);
        // Text that would end the statement and drop the table if it were spliced into the SQL.
        const string hostile = "'); DROP TABLE sqlstatements_parents; --";
        var sql = new SqlStatements();
        sql.Add($"INSERT INTO sqlstatements_parents (\"Id\", \"Key\", \"Note\", \"At\") VALUES ({id}, {key}, {hostile}, {(DateTime?)null})");
        var parent = sql.Part($"(SELECT \"Id\" FROM sqlstatements_parents WHERE \"Key\" = {key})");
        var days = new[] { new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 2), new DateOnly(2026, 5, 3) };
        sql.Add($"INSERT INTO sqlstatements_children (\"ParentId\", \"Day\") VALUES {sql.Join(", ", days.Select(d => sql.Part($"({parent}, {d})")))}");
        sql.Add($"UPDATE sqlstatements_parents SET \"Note\" = \"Note\" || {"!"} WHERE \"Id\" = {parent}");
        sql.Add($"SELECT p.\"Note\", count(*) FROM sqlstatements_parents p JOIN sqlstatements_children c ON c.\"ParentId\" = p.\"Id\" WHERE p.\"Key\" = {key} GROUP BY p.\"Note\"");
        Assert.DoesNotContain(hostile, sql.Text, StringComparison.Ordinal);
        // id, key, note, null; the part's key; three days; "!"; the last key. A part's values are sent once, however often it is used.
        Assert.Equal(10, sql.Values.Count);

        var before = SqlStatements.CommandsRun;
        await using var command = sql.CreateCommand(connection, null);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((hostile + "!", 3L), (reader.GetString(0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)));
        await reader.CloseAsync();
        Assert.Equal(1 + 3 + 1, reader.RecordsAffected);
        Assert.True(SqlStatements.CommandsRun > before);
    }

    [Fact]
    public void A_part_belongs_to_the_statements_that_made_it()
    {
        var one = new SqlStatements();
        var other = new SqlStatements();
        var part = one.Part($"(SELECT {1})");
        Assert.Throws<InvalidOperationException>(() => other.Add($"SELECT {part}"));
        Assert.Throws<InvalidOperationException>(() => other.Join(", ", [part]));
        Assert.Equal("", other.Text);
        Assert.Equal("SELECT (SELECT @s0);\n", one.Add($"SELECT {part}").Text);
    }
}

public sealed class SqlStatementsTests_Sqlite(SqliteHost host) : SqlStatementsTests<SqliteHost>(host);

public sealed class SqlStatementsTests_Postgres(PostgresHost host) : SqlStatementsTests<PostgresHost>(host);
