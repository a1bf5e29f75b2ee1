using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Platform.Core.Text;

namespace Platform.Core.Data;

/// <summary>
/// Refuses a <c>SaveChanges</c> that would store a text longer than its column's length in the model, with a Chinese
/// message and before anything is written, on both databases: SQLite ignores declared lengths, and PostgreSQL's own
/// refusal would be an unexplained error. Nothing is cut. Added to every context by <see cref="DatabaseSettings.Configure"/>.
/// </summary>
public sealed class ColumnLengthCheck : SaveChangesInterceptor
{
    /// <summary>The one instance every context shares (it keeps no state but the per-entity-type plan).</summary>
    public static ColumnLengthCheck Instance { get; } = new();

    // Keyed weakly: a model (and its entity types) lives as long as the host that built it.
    private readonly ConditionalWeakTable<IEntityType, (IProperty Property, int Length)[]> _plans = [];

    /// <inheritdoc />
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    /// <inheritdoc />
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>Throws <see cref="PlatformException.Invalid"/> for the first added or changed text that is too long.</summary>
    public void Check(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            foreach (var (property, length) in Plan(entry.Metadata))
            {
                var value = entry.Property(property);
                if (entry.State == EntityState.Modified && !value.IsModified) continue;
                // Counted as PostgreSQL counts a varchar's characters: code points.
                if (value.CurrentValue is not string text || text.Length <= length) continue;
                var count = TextRule.Characters(text);
                if (count <= length) continue;
                var field = $"{entry.Metadata.ClrType.Name}.{property.Name}";
                throw PlatformException.Invalid(
                    $"“{field}”最多 {length} 个字，要保存的有 {count} 个字，什么也没有保存。请删减后再提交。",
                    $"{field} takes at most {length} characters; this has {count}. Nothing was saved.");
            }
        }
    }

    private (IProperty Property, int Length)[] Plan(IEntityType type) => _plans.GetValue(type, static t =>
        [.. from p in t.GetProperties()
            where p.ClrType == typeof(string) && p.GetMaxLength() is not null
            select ((IProperty)p, p.GetMaxLength()!.Value)]);
}
