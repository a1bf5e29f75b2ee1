using System.Data.Common;
using System.Globalization;
using Platform.Core.Data;

namespace Platform.Testing;

/// <summary>The tables a test database holds, for walks that check a refused request changed nothing anywhere.</summary>
public static class DatabaseTables
{
    /// <summary>Every table of the open <paramref name="connection"/> (SQLite's own tables left out), ordered by name.</summary>
    public static async Task<List<string>> ListAsync(DbConnection connection, DatabaseKind kind)
    {
        await using var list = connection.CreateCommand();
        list.CommandText = kind == DatabaseKind.Postgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        var tables = new List<string>();
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        tables.Sort(StringComparer.Ordinal);
        return tables;
    }

    /// <summary>Every row of <paramref name="table"/> as <c>column=value, …</c>, sorted, so two readings compare as sets.</summary>
    public static async Task<List<string>> RowsAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={Cell(reader, i)}")));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string Cell(DbDataReader reader, int i) => reader.IsDBNull(i) ? "null" : reader.GetValue(i) switch
    {
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        byte[] b => Convert.ToBase64String(b),
        var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };
}
