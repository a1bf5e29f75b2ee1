using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Cms.Notifications;
using Platform.Core.Workflows;

namespace Platform.Cms.Workflows;

/// <summary>
/// Keeps the workflow tables from growing without end. Finished instances (in a final state) whose last change is
/// older than <c>Platform:Retention:FinishedWorkflowDays</c> (1095) go with their history, timers and outbox;
/// delivered outbox messages, sent or cancelled mail and fired timers older than <c>Platform:Retention:DeliveredDays</c>
/// (90) go; read inbox items older than <c>Platform:Retention:ReadInboxDays</c> (365) go. The audit log stays.
/// </summary>
public sealed class WorkflowRetention(CoreDbContext db, WorkflowCatalog catalog, IConfiguration config, TimeProvider clock)
{
    public sealed record Result(int Instances, int Messages, int Mails, int Timers, int InboxItems);

    public async Task<Result> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var finishedBefore = now.AddDays(-config.GetValue("Platform:Retention:FinishedWorkflowDays", 1095));
        var deliveredBefore = now.AddDays(-config.GetValue("Platform:Retention:DeliveredDays", 90));
        var readBefore = now.AddDays(-config.GetValue("Platform:Retention:ReadInboxDays", 365));

        var instances = 0;
        while (true)
        {
            var candidates = await db.WorkflowInstances.AsNoTracking().Where(i => i.UpdatedAt < finishedBefore)
                .OrderBy(i => i.Id).Select(i => new { i.Id, i.ModuleId, i.WorkflowId, i.Version, i.State }).Take(500).ToListAsync(ct);
            // Customisations add only non-final states, so the shipped version knows every final one.
            var finished = candidates.Where(c => catalog.Find(c.ModuleId, c.WorkflowId, c.Version)?.State(c.State)?.Final == true).Select(c => c.Id).ToList();
            if (finished.Count > 0)
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await db.WorkflowHistory.Where(h => finished.Contains(h.InstanceId)).ExecuteDeleteAsync(ct);
                await db.WorkflowTimers.Where(t => finished.Contains(t.InstanceId)).ExecuteDeleteAsync(ct);
                await db.Outbox.Where(m => finished.Contains(m.InstanceId) && m.ProcessedAt != null).ExecuteDeleteAsync(ct);
                instances += await db.WorkflowInstances.Where(i => finished.Contains(i.Id) && !db.Outbox.Any(m => m.InstanceId == i.Id)).ExecuteDeleteAsync(ct);
                await transaction.CommitAsync(ct);
            }
            if (candidates.Count < 500 || finished.Count == 0) break;
        }
        var messages = await db.Outbox.Where(m => m.ProcessedAt != null && m.ProcessedAt < deliveredBefore).ExecuteDeleteAsync(ct);
        var mails = await db.MailQueue.Where(m => (m.SentAt != null && m.SentAt < deliveredBefore) || (m.CancelledAt != null && m.CancelledAt < deliveredBefore)).ExecuteDeleteAsync(ct);
        var timers = await db.WorkflowTimers.Where(t => t.FiredAt != null && t.FiredAt < deliveredBefore).ExecuteDeleteAsync(ct);
        var inbox = await db.Inbox.Where(i => i.ReadAt != null && i.ReadAt < readBefore).ExecuteDeleteAsync(ct);
        var result = new Result(instances, messages, mails, timers, inbox);
        if (result != new Result(0, 0, 0, 0, 0))
        {
            db.AddAudit("workflow.retention", "system:retention", null, null, null,
                $"删除已结束流程 {instances} 个、已送达消息 {messages} 条、邮件 {mails} 封、时限 {timers} 个、已读站内信 {inbox} 条");
            await db.SaveChangesAsync(ct);
        }
        return result;
    }
}

/// <summary>
/// The platform's background work on every node: due workflow timeouts and the outbox every
/// <c>Platform:Workflows:TimerSeconds</c> (15) or as soon as a transition leaves notifications, retention once a day.
/// Each job's last run (node, time, outcome) is kept in <c>core_job_runs</c> and shown in the admin.
/// <c>Platform:Jobs:Enabled=false</c> turns this off on a node (tests run the jobs themselves).
/// </summary>
public sealed class BackgroundJobs(IServiceScopeFactory scopes, OutboxSignal signal, IConfiguration config, TimeProvider clock, ILogger<BackgroundJobs> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Platform:Jobs:Enabled", true)) return; // tests drive the jobs themselves with a manual clock
        var node = Environment.MachineName + ":" + Environment.ProcessId;
        var tick = TimeSpan.FromSeconds(config.GetValue("Platform:Workflows:TimerSeconds", 15));
        var nextRetention = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            await signal.WaitAsync(tick, stoppingToken);
            if (stoppingToken.IsCancellationRequested) break;
            await RunAsync("workflow-timers", node, async sp => $"{await sp.GetRequiredService<WorkflowTimers>().RunDueAsync(node, stoppingToken)} 个时限已执行", stoppingToken);
            await RunAsync("outbox", node, async sp =>
            {
                var r = await sp.GetRequiredService<OutboxDispatcher>().RunDueAsync(node, stoppingToken);
                return $"消息 {r.Processed} 条已处理、{r.Failed} 条失败；邮件 {r.MailSent} 封已发、{r.MailFailed} 封失败";
            }, stoppingToken);
            if (clock.GetUtcNow().UtcDateTime >= nextRetention)
            {
                nextRetention = clock.GetUtcNow().UtcDateTime.AddDays(1);
                await RunAsync("retention", node, async sp => (await sp.GetRequiredService<WorkflowRetention>().RunAsync(stoppingToken)).ToString(), stoppingToken);
            }
        }
    }

    private async Task RunAsync(string job, string node, Func<IServiceProvider, Task<string>> work, CancellationToken ct)
    {
        string outcome;
        try
        {
            using var scope = scopes.CreateScope();
            outcome = await work(scope.ServiceProvider);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Background job {Job} failed; it will run again at the next tick", job);
            outcome = "失败：" + ex.GetBaseException().Message;
        }
        try
        {
            using var scope = scopes.CreateScope();
            await scope.ServiceProvider.GetRequiredService<CoreDbContext>().RecordJobRunAsync(job, node, outcome, clock.GetUtcNow().UtcDateTime, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not record the run of {Job}", job);
        }
    }
}
