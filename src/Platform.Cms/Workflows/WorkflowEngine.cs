using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Platform.Cms.Data;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Data;
using Platform.Core.Modules;
using Platform.Core.Workflows;

namespace Platform.Cms.Workflows;

/// <summary>
/// Runs workflow instances: each transition is checked (state, permission, scope, guard, revision) and written with
/// its history row and audit entry in one transaction; of two people firing at once exactly one wins.
/// </summary>
public sealed class WorkflowEngine(
    CoreDbContext db, WorkflowCatalog definitions, WorkflowResolver resolver, ModuleCatalog modules, IAccessScope access,
    IEnumerable<IWorkflowGuard> guards, Notifications.OutboxDispatcher outbox, TimeProvider clock)
    : IWorkflowEngine
{
    public async Task<WorkflowInstanceInfo> StartAsync(
        string moduleId, string workflowId, string entityId, string regionCode, string actor, string? organisationId = null, CancellationToken cancellationToken = default)
    {
        var current = Definition(moduleId, workflowId);
        // Resolved before the transaction: a first use of a region's customisations stores its variant on its own.
        var resolved = await resolver.ForNewInstanceAsync(current, regionCode, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (instance, work) = await WriteStartAsync(current, resolved, entityId, regionCode, actor, organisationId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await outbox.AfterCommitAsync(work, cancellationToken);
        return Info(instance);
    }

    public async Task<JoinedWorkflowStart> StartAsync(
        DbContext transactionOwner, string moduleId, string workflowId, string entityId, string regionCode, string actor, string? organisationId = null,
        CancellationToken cancellationToken = default)
    {
        var current = Definition(moduleId, workflowId);
        var transaction = transactionOwner.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Begin a transaction on the caller's context before starting a workflow instance in it.");
        if (db.Database.CurrentTransaction is not null)
            throw new InvalidOperationException("The workflow engine's own context is inside a transaction; it cannot join another.");
        // The core context borrows the caller's connection and transaction for these writes only, and gets its own
        // connection string back before anything else (a pooled context must go back to the pool as it came).
        var ownConnectionString = db.Database.GetConnectionString();
        db.Database.SetDbConnection(transactionOwner.Database.GetDbConnection(), contextOwnsConnection: false);
        // The caller rolls its transaction back when this fails, so these writes need no savepoints of their own.
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await using (await db.Database.UseTransactionAsync(transaction, cancellationToken))
            {
                // The definition is resolved on the borrowed connection too: on SQLite another connection could not
                // store a new variant while the caller holds the write lock. (On PostgreSQL, two first uses of a new
                // customisation list at the same instant make one caller's transaction fail; its retry finds the variant.)
                var resolved = await resolver.ForNewInstanceAsync(current, regionCode, cancellationToken);
                var (instance, work) = await WriteStartAsync(current, resolved, entityId, regionCode, actor, organisationId, cancellationToken);
                return new JoinedWorkflowStart(Info(instance), ct => outbox.AfterCommitAsync(work, ct));
            }
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.Database.AutoSavepointsEnabled = true;
            db.Database.SetDbConnection(null, contextOwnsConnection: false);
            db.Database.SetConnectionString(ownConnectionString);
        }
    }

    public async Task<WorkflowStartStatements?> PrepareStartAsync(
        string moduleId, string workflowId, string regionCode, string actor, string? organisationId = null, CancellationToken cancellationToken = default)
    {
        var current = Definition(moduleId, workflowId);
        var (definition, variantId) = await resolver.ForNewInstanceAsync(current, regionCode, cancellationToken);
        if (definition.State(definition.Initial)?.OnEntry.Count > 0) return null;
        return new StartStatements(current, definition, variantId, regionCode, actor, organisationId, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>The rows <see cref="WriteStartAsync"/> writes for an initial state without entry actions, as SQL.</summary>
    private sealed class StartStatements(
        WorkflowDefinition current, WorkflowDefinition definition, long? variantId, string regionCode, string actor, string? organisationId, DateTime now)
        : WorkflowStartStatements
    {
        public override void AddTo(SqlStatements statements, SqlPart entityId)
        {
            statements.Add($"""
                INSERT INTO core_workflow_instances ("ModuleId", "WorkflowId", "Version", "EntityId", "RegionCode", "State", "Revision", "CreatedAt",
                  "UpdatedAt", "UpdatedBy", "StartedBy", "OrganisationId", "VariantId")
                VALUES ({current.ModuleId}, {current.Id}, {definition.Version}, {entityId}, {regionCode}, {definition.Initial}, 1, {now}, {now}, {actor},
                  {actor}, {organisationId}, {variantId})
                """);
            // The same entry as CoreDbContext.AddAudit writes for a start through EF Core.
            statements.Add($"""
                INSERT INTO core_audit ("At", "Actor", "Action", "RegionCode", "ModuleId", "Before", "After")
                VALUES ({DateTime.UtcNow}, {actor}, {"workflow.start"}, {regionCode}, {current.ModuleId}, NULL, {current.Id + "#"} || {entityId} || {"：" + definition.Initial})
                """);
        }

        public override SqlPart InstanceId(SqlStatements statements, SqlPart entityId) => statements.Part(
            $"(SELECT \"Id\" FROM core_workflow_instances WHERE \"ModuleId\" = {current.ModuleId} AND \"WorkflowId\" = {current.Id} AND \"EntityId\" = {entityId})");

        public override WorkflowInstanceInfo Started(long instanceId, string entityId) =>
            new(instanceId, current.ModuleId, current.Id, definition.Version, entityId, regionCode, definition.Initial, 1, now, actor, organisationId);
    }

    private WorkflowDefinition Definition(string moduleId, string workflowId) => definitions.Find(moduleId, workflowId)
        ?? throw PlatformException.NotFound($"模块 {moduleId} 没有流程“{workflowId}”。", $"Module {moduleId} has no workflow '{workflowId}'.");

    /// <summary>The instance in its initial state, its audit entry and what entering that state leaves to do, in the current transaction.</summary>
    private async Task<(WorkflowInstance Instance, List<OutboxMessage> Work)> WriteStartAsync(
        WorkflowDefinition current, (WorkflowDefinition Definition, long? VariantId) resolved, string entityId, string regionCode, string actor, string? organisationId,
        CancellationToken cancellationToken)
    {
        var (definition, variantId) = resolved;
        var now = clock.GetUtcNow().UtcDateTime;
        var instance = new WorkflowInstance
        {
            ModuleId = current.ModuleId, WorkflowId = current.Id, Version = definition.Version, EntityId = entityId, RegionCode = regionCode,
            State = definition.Initial, Revision = 1, CreatedAt = now, UpdatedAt = now, UpdatedBy = actor, StartedBy = actor,
            OrganisationId = organisationId, VariantId = variantId,
        };
        db.WorkflowInstances.Add(instance);
        db.AddAudit("workflow.start", actor, regionCode, current.ModuleId, null, $"{current.Id}#{entityId}：{definition.Initial}");
        await db.SaveChangesAsync(cancellationToken);
        var work = Enter(definition, instance, null, actor, null, now);
        await db.SaveChangesAsync(cancellationToken);
        return (instance, work);
    }

    public Task<WorkflowInstanceInfo> FireAsync(
        long instanceId, string transition, ClaimsPrincipal caller, int expectedRevision, string? comment = null,
        CancellationToken cancellationToken = default) =>
        FireCheckedAsync(instanceId, transition, caller, null, expectedRevision, comment, cancellationToken);

    public Task<WorkflowInstanceInfo> FireAsRelatedAsync(
        long instanceId, string transition, ClaimsPrincipal caller, string role, int expectedRevision, string? comment = null,
        CancellationToken cancellationToken = default) =>
        FireCheckedAsync(instanceId, transition, caller, role, expectedRevision, comment, cancellationToken);

    /// <summary><paramref name="relatedRole"/>: the role the module vouches the caller holds here (null: look at the grants).</summary>
    private async Task<WorkflowInstanceInfo> FireCheckedAsync(
        long instanceId, string transition, ClaimsPrincipal caller, string? relatedRole, int expectedRevision, string? comment,
        CancellationToken cancellationToken)
    {
        var actor = caller.Identity?.Name ?? "anonymous";
        var instance = await db.WorkflowInstances.FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (instance is null || (relatedRole is null && !await InScopeAsync(caller, instance, cancellationToken)))
            throw await RefuseAsync(instance, actor, transition, "out of scope",
                PlatformException.NotFound("未找到该流程，或它不在您的管辖范围内。", "No such process in your scope."), cancellationToken);

        var definition = await resolver.ForInstanceAsync(instance, cancellationToken)
            ?? throw Missing(instance);
        var step = definition.From(instance.State).FirstOrDefault(t => t.Name == transition);
        var stateName = definition.State(instance.State)?.NameZh ?? instance.State;
        // A person acting on an old page is told first that it changed, by whom and when.
        if (instance.Revision != expectedRevision)
            throw Stale(instance, stateName);
        if (step is null)
            throw await RefuseAsync(instance, actor, transition, "not available",
                PlatformException.Conflict($"当前状态为“{stateName}”，不能执行“{transition}”。", $"'{transition}' is not possible from '{instance.State}'."), cancellationToken);
        var holds = relatedRole is null
            ? await HoldsAsync(caller, instance, step.Permission, cancellationToken)
            : PermissionRoles(instance, step.Permission).Contains(relatedRole);
        if (!holds)
            throw await RefuseAsync(instance, actor, transition, "no permission",
                new PlatformException(403, $"您没有执行“{step.NameZh}”的权限（{step.Permission}）。", $"You may not '{step.NameEn}' ({step.Permission})."), cancellationToken);
        if (step.Guard is not null && await GuardRefusalAsync(instance, step, cancellationToken) is { } reason)
            throw await RefuseAsync(instance, actor, transition, "guard " + step.Guard, PlatformException.Conflict(reason, reason), cancellationToken);
        return await MoveAsync(definition, instance, step, actor, comment, cancellationToken);
    }

    /// <summary>
    /// Fires a transition for the platform itself (a timeout): no person's permission applies, but only while the
    /// instance is still where the timer left it; null when it has moved on.
    /// </summary>
    public async Task<WorkflowInstanceInfo?> FireBySystemAsync(long instanceId, string transition, int expectedRevision, string actor, CancellationToken cancellationToken)
    {
        var instance = await db.WorkflowInstances.FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        var definition = instance is null ? null : await resolver.ForInstanceAsync(instance, cancellationToken) ?? throw Missing(instance);
        var step = definition?.From(instance!.State).FirstOrDefault(t => t.Name == transition);
        if (instance is null || definition is null || step is null || instance.Revision != expectedRevision) return null;
        // A guard that says no leaves the instance where it is (the timer is spent); one that throws faults the instance.
        if (step.Guard is not null && await GuardRefusalAsync(instance, step, cancellationToken) is not null) return null;
        try
        {
            return await MoveAsync(definition, instance, step, actor, "时限已到 / timeout", cancellationToken);
        }
        catch (PlatformException)
        {
            return null; // someone moved it in the same instant
        }
    }

    private async Task<WorkflowInstanceInfo> MoveAsync(
        WorkflowDefinition definition, WorkflowInstance instance, WorkflowTransition step, string actor, string? comment, CancellationToken cancellationToken)
    {
        var instanceId = instance.Id;
        var from = instance.State;
        var now = clock.GetUtcNow().UtcDateTime;
        instance.State = step.To;
        instance.Revision++;
        instance.UpdatedAt = now;
        instance.UpdatedBy = actor;
        db.WorkflowHistory.Add(new WorkflowHistoryRow
        {
            InstanceId = instance.Id, At = now, Actor = actor, Transition = step.Name, FromState = from, ToState = step.To, Comment = comment,
        });
        db.AddAudit("workflow.transition", actor, instance.RegionCode, instance.ModuleId, $"{instance.WorkflowId}#{instance.EntityId}：{from}", $"{step.Name} → {step.To}");
        var work = Enter(definition, instance, step, actor, comment, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.WorkflowInstances.AsNoTracking().FirstAsync(i => i.Id == instanceId, cancellationToken);
            throw Stale(current, definition.State(current.State)?.NameZh ?? current.State);
        }
        await outbox.AfterCommitAsync(work, cancellationToken);
        return Info(instance);
    }

    /// <summary>
    /// What entering the state leaves to do, written in the same transaction as the move: timers for its timeouts,
    /// and outbox messages for its notifications and events (sent after the commit, retried until done).
    /// </summary>
    private List<OutboxMessage> Enter(WorkflowDefinition definition, WorkflowInstance instance, WorkflowTransition? step, string actor, string? comment, DateTime now)
    {
        var state = definition.State(instance.State);
        foreach (var timeout in state?.OnEntry.OfType<TimeoutAction>() ?? [])
        {
            db.WorkflowTimers.Add(new WorkflowTimer
            {
                InstanceId = instance.Id, Transition = timeout.Transition, State = instance.State, Revision = instance.Revision,
                DueAt = now + timeout.After,
            });
        }
        var data = Notifications.OutboxData.Serialize(new Notifications.OutboxData(
            instance.Revision, step?.Name, step?.NameZh, instance.State, state?.NameZh ?? instance.State, actor, comment));
        var messages = new List<OutboxMessage>();
        foreach (var action in state?.OnEntry ?? [])
        {
            var (kind, name, recipient) = action switch
            {
                NotifyAction n => ("notify", n.Template, n.Recipient),
                EmitAction e => ("event", e.Event, null),
                _ => (null, "", null),
            };
            if (kind is null) continue;
            messages.Add(new OutboxMessage
            {
                Kind = kind, InstanceId = instance.Id, ModuleId = instance.ModuleId, RegionCode = instance.RegionCode, Name = name,
                Recipient = recipient, Data = data, CreatedAt = now, NextAttemptAt = now,
            });
        }
        db.Outbox.AddRange(messages);
        return messages;
    }

    public async Task ScheduleAsync(long instanceId, string transition, DateTime dueAtUtc, string actor, CancellationToken cancellationToken = default)
    {
        var instance = await db.WorkflowInstances.FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken)
            ?? throw PlatformException.NotFound("未找到该流程。", "No such process.");
        var definition = await resolver.ForInstanceAsync(instance, cancellationToken) ?? throw Missing(instance);
        if (definition.From(instance.State).All(t => t.Name != transition))
            throw PlatformException.Conflict($"当前状态为“{definition.State(instance.State)?.NameZh ?? instance.State}”，不能安排“{transition}”。", $"'{transition}' does not leave '{instance.State}'.");
        db.WorkflowTimers.Add(new WorkflowTimer
        {
            InstanceId = instance.Id, Transition = transition, State = instance.State, Revision = instance.Revision,
            DueAt = DateTime.SpecifyKind(dueAtUtc, DateTimeKind.Utc),
        });
        db.AddAudit("workflow.schedule", actor, instance.RegionCode, instance.ModuleId, $"{instance.WorkflowId}#{instance.EntityId}：{instance.State}",
            $"{transition} @ {dueAtUtc:yyyy-MM-dd HH:mm} UTC");
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Sends a faulted instance's failed timeouts again (e.g. after the cause is fixed): each becomes due now.
    /// Platform admins and bureau admins over the record may; the retry is audited.
    /// </summary>
    public async Task RetryAsync(long instanceId, ClaimsPrincipal caller, CancellationToken cancellationToken = default)
    {
        var instance = await db.WorkflowInstances.FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (instance is null || await access.ForRegionAsync(caller, instance.RegionCode, write: true, cancellationToken) != AccessDecision.Allowed
            || !(GrantClaim.IsPlatformAdmin(caller) || await access.HoldsRoleOverAsync(caller, [PlatformRoles.BureauAdmin], instance.RegionCode, cancellationToken)))
            throw PlatformException.NotFound("未找到该流程，或它不在您的管辖范围内。", "No such process in your scope.");
        if (instance.Fault is null)
            throw PlatformException.Conflict("该流程没有故障，无需重试。", "The process has not faulted.");
        var now = clock.GetUtcNow().UtcDateTime;
        var failed = await db.WorkflowTimers.Where(t => t.InstanceId == instanceId && t.Revision == instance.Revision && t.Outcome != null && t.Outcome.StartsWith("failed")).ToListAsync(cancellationToken);
        foreach (var timer in failed)
            db.WorkflowTimers.Add(new WorkflowTimer { InstanceId = instanceId, Transition = timer.Transition, State = timer.State, Revision = timer.Revision, DueAt = now });
        db.AddAudit("workflow.retry", caller.Identity?.Name ?? "anonymous", instance.RegionCode, instance.ModuleId, $"{instance.WorkflowId}#{instance.EntityId}：{instance.Fault}", $"{failed.Count} 个时限重新排期");
        instance.Fault = null;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The guard's reason to refuse, or null; a guard no module registers refuses (fail closed).</summary>
    private async Task<string?> GuardRefusalAsync(WorkflowInstance instance, WorkflowTransition step, CancellationToken ct) =>
        guards.FirstOrDefault(g => g.Name == step.Guard) is { } guard
            ? await guard.RefuseAsync(Info(instance), step.Name, ct)
            : $"流程条件“{step.Guard}”未安装，暂不能执行“{step.NameZh}”，请联系平台管理员。";

    private static InvalidOperationException Missing(WorkflowInstance instance) =>
        new($"Workflow {instance.ModuleId}/{instance.WorkflowId} version {instance.Version} is no longer shipped by the module.");

    /// <summary>A waiting instance and the transitions the caller may fire on it.</summary>
    public sealed record WorkflowTask(WorkflowInstanceInfo Instance, WorkflowDefinition Definition, IReadOnlyList<WorkflowTransition> Actions);

    /// <summary>"My tasks": instances in the caller's scope waiting for a transition the caller may fire (at most 200).</summary>
    public async Task<IReadOnlyList<WorkflowTask>> TasksAsync(ClaimsPrincipal caller, CancellationToken cancellationToken = default)
    {
        var visible = await access.VisibleRegionsAsync(caller, cancellationToken);
        var query = db.WorkflowInstances.AsNoTracking();
        var organisations = GrantClaim.Of(caller).Where(g => g.OrganisationId is not null).Select(g => g.OrganisationId!).ToList();
        if (visible is not null)
            query = query.Where(i => visible.Contains(i.RegionCode) || (i.OrganisationId != null && organisations.Contains(i.OrganisationId)));
        var tasks = new List<WorkflowTask>();
        foreach (var instance in await query.OrderBy(i => i.UpdatedAt).Take(2000).ToListAsync(cancellationToken))
        {
            if (await TaskOfAsync(caller, instance, cancellationToken) is { Actions.Count: > 0 } task) tasks.Add(task);
            if (tasks.Count == 200) break;
        }
        return tasks;
    }

    /// <summary>One instance with what the caller may do now; 404 outside the caller's scope.</summary>
    public async Task<WorkflowTask> TaskAsync(ClaimsPrincipal caller, long instanceId, CancellationToken cancellationToken = default)
    {
        var instance = await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (instance is null || !await InScopeAsync(caller, instance, cancellationToken))
            throw PlatformException.NotFound("未找到该流程，或它不在您的管辖范围内。", "No such process in your scope.");
        return await TaskOfAsync(caller, instance, cancellationToken)
            ?? throw new InvalidOperationException($"Workflow {instance.ModuleId}/{instance.WorkflowId} is no longer installed.");
    }

    private async Task<WorkflowTask?> TaskOfAsync(ClaimsPrincipal caller, WorkflowInstance instance, CancellationToken ct)
    {
        var definition = await resolver.ForInstanceAsync(instance, ct);
        if (definition is null) return null;
        var actions = new List<WorkflowTransition>();
        foreach (var step in definition.From(instance.State))
        {
            if (await HoldsAsync(caller, instance, step.Permission, ct)) actions.Add(step);
        }
        return new WorkflowTask(Info(instance), definition, actions);
    }

    public async Task<WorkflowInstanceInfo?> FindAsync(long instanceId, CancellationToken cancellationToken = default) =>
        await db.WorkflowInstances.AsNoTracking().Where(i => i.Id == instanceId).Select(i => Info(i)).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<WorkflowStep>> HistoryAsync(long instanceId, CancellationToken cancellationToken = default) =>
        await db.WorkflowHistory.AsNoTracking().Where(h => h.InstanceId == instanceId).OrderBy(h => h.Id)
            .Select(h => new WorkflowStep(h.At, h.Actor, h.Transition, h.FromState, h.ToState, h.Comment)).ToListAsync(cancellationToken);

    /// <summary>
    /// Platform administrators hold every permission; others through a grant of a role the module gives the
    /// permission to, held where the record is: over its region, or for its organisation (a provider's staff act on
    /// the provider's records).
    /// </summary>
    private async Task<bool> HoldsAsync(ClaimsPrincipal caller, WorkflowInstance instance, string permission, CancellationToken ct)
    {
        var grants = GrantClaim.Of(caller);
        if (GrantClaim.IsPlatformAdmin(grants)) return true;
        var roles = PermissionRoles(instance, permission);
        if (instance.OrganisationId is { } org && grants.Any(g => g.OrganisationId == org && roles.Contains(g.Role))) return true;
        // A bureau of Sichuan approves Sichuan's records only.
        return await access.HoldsRoleOverAsync(caller, roles, instance.RegionCode, ct);
    }

    private IReadOnlyCollection<string> PermissionRoles(WorkflowInstance instance, string permission) =>
        modules.Find(instance.ModuleId)?.Permissions.FirstOrDefault(p => p.Name == permission)?.Roles ?? [];

    /// <summary>
    /// An instance is in the caller's scope over its region, or, when it was started for a provider organisation, for
    /// that organisation's staff and systems (whose grants name the organisation, not a region).
    /// </summary>
    private async Task<bool> InScopeAsync(ClaimsPrincipal caller, WorkflowInstance instance, CancellationToken ct) =>
        (instance.OrganisationId is { } org && GrantClaim.Of(caller).Any(g => g.OrganisationId == org))
        || await access.ForRegionAsync(caller, instance.RegionCode, write: false, ct) != AccessDecision.Hidden;

    private static PlatformException Stale(WorkflowInstance current, string stateName) => PlatformException.Conflict(
        $"该事项已被 {current.UpdatedBy} 于 {current.UpdatedAt:yyyy-MM-dd HH:mm:ss}（UTC）改为“{stateName}”，请刷新后再操作。",
        $"Already changed by {current.UpdatedBy} at {current.UpdatedAt:yyyy-MM-dd HH:mm:ss} UTC to '{current.State}'; reload and try again.");

    /// <summary>A refused transition leaves no trace but an audit entry.</summary>
    private async Task<PlatformException> RefuseAsync(WorkflowInstance? instance, string actor, string transition, string reason, PlatformException refusal, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        db.AddAudit("workflow.refused", actor, instance?.RegionCode, instance?.ModuleId,
            instance is null ? null : $"{instance.WorkflowId}#{instance.EntityId}：{instance.State}", $"{transition}：{reason}");
        await db.SaveChangesAsync(ct);
        return refusal;
    }

    internal static WorkflowInstanceInfo Info(WorkflowInstance i) =>
        new(i.Id, i.ModuleId, i.WorkflowId, i.Version, i.EntityId, i.RegionCode, i.State, i.Revision, i.UpdatedAt, i.UpdatedBy, i.OrganisationId, i.Fault);
}
