using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Platform.Core.Data;

/// <summary>
/// The length of every text column as a module's migrations leave it (PostgreSQL's reading: SQLite keeps no lengths).
/// The migrations state each length once; <see cref="SchemaLengthConvention"/> puts them on the EF model, so
/// <see cref="ColumnLengthCheck"/> refuses on SQLite what PostgreSQL's <c>varchar(n)</c> would.
/// </summary>
public static class SchemaLengths
{
    /// <summary>The provider name the migrations are read for.</summary>
    public const string Provider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>(table, column) → its length; null for an unbounded text column.</summary>
    public static IReadOnlyDictionary<(string Table, string Column), int?> Of(IEnumerable<SchemaMigration> migrations)
    {
        var columns = new Dictionary<(string, string), int?>();
        foreach (var migration in migrations)
        {
            var builder = new MigrationBuilder(Provider);
            migration.Up(builder);
            foreach (var operation in builder.Operations)
                Apply(columns, operation);
        }
        return columns;
    }

    private static void Apply(Dictionary<(string, string), int?> columns, MigrationOperation operation)
    {
        switch (operation)
        {
            case CreateTableOperation table:
                foreach (var column in table.Columns.Where(c => c.ClrType == typeof(string)))
                    columns[(table.Name, column.Name)] = column.MaxLength;
                break;
            case AddColumnOperation { ClrType: var type } column when type == typeof(string):
                columns[(column.Table, column.Name)] = column.MaxLength;
                break;
            case AlterColumnOperation { ClrType: var type } column when type == typeof(string):
                columns[(column.Table, column.Name)] = column.MaxLength;
                break;
            case DropColumnOperation column:
                columns.Remove((column.Table, column.Name));
                break;
            case DropTableOperation table:
                foreach (var key in columns.Keys.Where(k => k.Item1 == table.Name).ToList()) columns.Remove(key);
                break;
            case RenameColumnOperation rename when columns.Remove((rename.Table, rename.Name), out var length):
                columns[(rename.Table, rename.NewName)] = length;
                break;
            case RenameTableOperation { NewName: { } newName } rename:
                foreach (var key in columns.Keys.Where(k => k.Item1 == rename.Name).ToList())
                {
                    columns[(newName, key.Item2)] = columns[key];
                    columns.Remove(key);
                }
                break;
        }
    }
}
