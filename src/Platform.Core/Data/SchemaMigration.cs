using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Platform.Core.Data;

/// <summary>
/// One explicit, ordered schema step of a module. It is written once with EF Core's provider-neutral
/// <see cref="MigrationBuilder"/> and turned into SQL by whichever provider runs it, so SQLite and
/// PostgreSQL share one migration set. Versions start at 1 and increase by one.
/// </summary>
public sealed record SchemaMigration(int Version, string Name, Action<MigrationBuilder> Up);

/// <summary>Helpers for migrations that must read the same on both providers.</summary>
public static class MigrationBuilderExtensions
{
    /// <summary>Marks a <c>long</c>/<c>int</c> key column as database-generated on SQLite and PostgreSQL alike.</summary>
    public static OperationBuilder<AddColumnOperation> Identity(this OperationBuilder<AddColumnOperation> column) =>
        column
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    /// <summary>
    /// Gives an existing text column a length. On PostgreSQL a value already longer is cut to it first (so the step
    /// cannot fail on old data; only the unbounded inputs this closes could have stored one) and the column becomes
    /// <c>varchar(n)</c>; SQLite keeps its column as it is, since it ignores lengths: there the model's length, read from
    /// this step, is enforced before saving (<see cref="ColumnLengthCheck"/>).
    /// </summary>
    public static void LimitLength(this MigrationBuilder b, string table, string column, int maxLength, bool nullable)
    {
        if (b.ActiveProvider != SchemaLengths.Provider) return;
        b.Sql($"UPDATE \"{table}\" SET \"{column}\" = left(\"{column}\", {maxLength}) WHERE char_length(\"{column}\") > {maxLength};");
        b.AlterColumn<string>(column, table, maxLength: maxLength, nullable: nullable, oldClrType: typeof(string), oldNullable: nullable);
    }
}
