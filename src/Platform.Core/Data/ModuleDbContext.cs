using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Platform.Core.Data;

/// <summary>
/// Base class for a module's DbContext: every <see cref="DateTime"/> is stored and read back as UTC on
/// both providers, so comparisons and ordering behave the same on SQLite and PostgreSQL; every text property takes
/// its column's length from the module's migrations (<see cref="SchemaLengthConvention"/>), which
/// <see cref="ColumnLengthCheck"/> enforces before saving.
/// </summary>
public abstract class ModuleDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>The migrations that make this context's tables (the module's <c>Migrations</c>).</summary>
    protected abstract IReadOnlyList<SchemaMigration> Schema { get; }

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Conventions.Add(_ => new SchemaLengthConvention(Schema));
    }
}

/// <summary>Stores every <see cref="DateTime"/> as UTC and reads it back marked UTC (SQLite keeps no kind).</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
