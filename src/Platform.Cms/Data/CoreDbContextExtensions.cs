using Microsoft.EntityFrameworkCore;

namespace Platform.Cms.Data;

public static class CoreDbContextExtensions
{
    /// <summary>
    /// Runs a check-then-write inside one transaction that first bumps the state version: the bump takes
    /// the write lock (SQLite) or the row lock (PostgreSQL), so concurrent changes queue instead of racing,
    /// and other nodes see the new version.
    /// </summary>
    public static async Task<T> ChangeStateAsync<T>(
        this CoreDbContext db, string stateKey, Func<Task<T>> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"UPDATE core_state_versions SET \"Version\" = \"Version\" + 1 WHERE \"Key\" = {stateKey}", cancellationToken);
        var result = await change();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public static void AddAudit(this CoreDbContext db, string action, string actor, string? region, string? module, string? before, string? after) =>
        db.Audit.Add(new AuditRecord
        {
            At = DateTime.UtcNow,
            Action = action,
            Actor = actor,
            RegionCode = region,
            ModuleId = module,
            Before = before,
            After = after,
        });
}
