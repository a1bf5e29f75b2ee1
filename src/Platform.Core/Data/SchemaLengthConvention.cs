using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace Platform.Core.Data;

/// <summary>Gives every mapped text property the length its column has in the migrations (an explicit one in the model wins).</summary>
public sealed class SchemaLengthConvention(IEnumerable<SchemaMigration> migrations) : IModelFinalizingConvention
{
    /// <inheritdoc />
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        var lengths = SchemaLengths.Of(migrations);
        foreach (var entity in modelBuilder.Metadata.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table) continue;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetDeclaredProperties().Where(p => p.ClrType == typeof(string)))
                if (property.GetColumnName(store) is { } column && lengths.GetValueOrDefault((table, column)) is { } length)
                    property.Builder.HasMaxLength(length);
        }
    }
}
