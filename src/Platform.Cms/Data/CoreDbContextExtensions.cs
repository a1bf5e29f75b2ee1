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

    /// <summary>Records a background job's last run (one row per job, whichever node ran it last).</summary>
    public static async Task RecordJobRunAsync(this CoreDbContext db, string job, string node, string outcome, DateTime at, CancellationToken ct)
    {
        outcome = outcome.Length <= 1000 ? outcome : outcome[..999] + "…";
        var updated = await db.JobRuns.Where(j => j.Name == job)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Node, node).SetProperty(j => j.LastRunAt, at).SetProperty(j => j.Outcome, outcome), ct);
        if (updated > 0) return;
        try
        {
            db.JobRuns.Add(new JobRun { Name = job, Node = node, LastRunAt = at, Outcome = outcome });
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // another node recorded it first; its run is as good a record
        }
    }
}
