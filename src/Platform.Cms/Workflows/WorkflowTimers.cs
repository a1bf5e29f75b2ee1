using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;

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
            var result = await engine.FireBySystemAsync(timer.InstanceId, timer.Transition, timer.Revision, "system:timeout", ct);
            await db.WorkflowTimers.Where(t => t.Id == timer.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.FiredAt, now).SetProperty(t => t.Outcome, result is null ? "skipped: moved on" : "fired"), ct);
            if (result is not null) fired++;
        }
        if (due.Count > 0) logger.LogInformation("Workflow timers on {Node}: {Due} due, {Fired} fired", node, due.Count, fired);
        return fired;
    }
}

/// <summary>Runs <see cref="WorkflowTimers"/> every <c>Platform:Workflows:TimerSeconds</c> (15 by default).</summary>
public sealed class WorkflowTimerService(IServiceScopeFactory scopes, IConfiguration config, ILogger<WorkflowTimerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var node = Environment.MachineName + ":" + Environment.ProcessId;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(config.GetValue("Platform:Workflows:TimerSeconds", 15)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<WorkflowTimers>().RunDueAsync(node, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Workflow timers failed; they will be tried again at the next tick");
            }
        }
    }
}
