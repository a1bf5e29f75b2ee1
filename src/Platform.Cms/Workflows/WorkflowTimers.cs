using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Core.Workflows;

namespace Platform.Cms.Workflows;

/// <summary>
/// Fires due timeouts. Timers live in the database, so a timeout that fell due while the platform was stopped
/// fires after the restart. Each timer is claimed with a conditional update before it fires, so with several nodes
/// exactly one fires it; a claim left by a node that died is taken over after five minutes, and a timer whose
/// instance has moved on is marked skipped instead of firing.
/// </summary>
public sealed class WorkflowTimers(CoreDbContext db, WorkflowEngine engine, TimeProvider clock, ILogger<WorkflowTimers> logger)
{
    private static readonly TimeSpan AbandonedClaim = TimeSpan.FromMinutes(5);

    /// <summary>Fires what is due now; returns how many fired.</summary>
    public async Task<int> RunDueAsync(string node, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var abandoned = now - AbandonedClaim;
        var due = await db.WorkflowTimers.AsNoTracking()
            .Where(t => t.FiredAt == null && t.DueAt <= now && (t.ClaimedBy == null || t.ClaimedAt < abandoned))
            .OrderBy(t => t.DueAt).Take(100).ToListAsync(ct);
        var fired = 0;
        foreach (var timer in due)
        {
            var claimed = await db.WorkflowTimers
                .Where(t => t.Id == timer.Id && t.FiredAt == null && (t.ClaimedBy == null || t.ClaimedAt < abandoned))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ClaimedBy, node).SetProperty(t => t.ClaimedAt, now), ct);
            if (claimed == 0) continue; // another node has it
            db.ChangeTracker.Clear();
            WorkflowInstanceInfo? result;
            string outcome;
            try
            {
                result = await engine.FireBySystemAsync(timer.InstanceId, timer.Transition, timer.Revision, "system:timeout", ct);
                outcome = result is null ? "skipped: moved on" : "fired";
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // The instance is marked faulted; an administrator can retry it once the cause is fixed.
                logger.LogError(ex, "Workflow timer {Timer} of instance {Instance} failed", timer.Id, timer.InstanceId);
                db.ChangeTracker.Clear();
                result = null;
                outcome = Clip("failed: " + ex.GetBaseException().Message, 200);
                var fault = Clip($"时限“{timer.Transition}”执行失败：{ex.GetBaseException().Message}", 1000);
                await db.WorkflowInstances.Where(i => i.Id == timer.InstanceId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Fault, fault), CancellationToken.None);
            }
            await db.WorkflowTimers.Where(t => t.Id == timer.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.FiredAt, now).SetProperty(t => t.Outcome, outcome), CancellationToken.None);
            if (result is not null) fired++;
        }
        if (due.Count > 0) logger.LogInformation("Workflow timers on {Node}: {Due} due, {Fired} fired", node, due.Count, fired);
        return fired;
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}


