using System.Security.Claims;
using Microsoft.EntityFrameworkCore;

namespace Platform.Core.Workflows;

/// <summary>
/// A running process attached to one record (<c>EntityId</c>) of a module, in a region, at a definition version.
/// <c>Revision</c> changes with every transition; pass it back to fire the next one (optimistic concurrency).
/// </summary>
/// <remarks>
/// <c>OrganisationId</c>: the provider organisation whose staff may act on it (null: region roles only).
/// <c>Fault</c>: why the platform could not move it on by itself (a failed timeout), until someone retries.
/// </remarks>
public sealed record WorkflowInstanceInfo(
    long Id, string ModuleId, string WorkflowId, int Version, string EntityId, string RegionCode,
    string State, int Revision, DateTime UpdatedAt, string UpdatedBy, string? OrganisationId = null, string? Fault = null);

/// <summary>One step of an instance's history: who moved it, when, from where to where, and why.</summary>
public sealed record WorkflowStep(DateTime At, string Actor, string Transition, string From, string To, string? Comment);

/// <summary>Starts processes and moves them, checking permission, scope, guards and concurrency.</summary>
public interface IWorkflowEngine
{
    /// <summary>
    /// Starts an instance of the module's workflow for a record, in the definition's initial state, following the
    /// current version as customised for <paramref name="regionCode"/> (it keeps that for its whole life).
    /// </summary>
    /// <remarks><c>organisationId</c>: a provider organisation whose staff (holding a role the permission names) may also act on it.</remarks>
    Task<WorkflowInstanceInfo> StartAsync(
        string moduleId, string workflowId, string entityId, string regionCode, string actor, string? organisationId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts an instance as <see cref="StartAsync(string, string, string, string, string, string?, CancellationToken)"/>
    /// does, but inside the transaction the caller has open on <paramref name="transactionOwner"/> (same connection, same
    /// transaction, one write turn): the instance, its audit entry, its timers and its outbox rows commit or roll back
    /// with the caller's own rows. Nothing is delivered before the commit: call
    /// <see cref="JoinedWorkflowStart.AfterCommitAsync"/> once the caller has committed (if nobody does, the background
    /// dispatcher still delivers the outbox rows at its next run; after a rollback there is nothing to deliver). When it
    /// throws, roll the transaction back: its writes take no savepoints (on PostgreSQL the transaction is then aborted).
    /// </summary>
    /// <exception cref="InvalidOperationException">When <paramref name="transactionOwner"/> has no open transaction.</exception>
    Task<JoinedWorkflowStart> StartAsync(
        DbContext transactionOwner, string moduleId, string workflowId, string entityId, string regionCode, string actor, string? organisationId = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The writes that start an instance (as <see cref="StartAsync(DbContext, string, string, string, string, string, string?, CancellationToken)"/>:
    /// the instance in its initial state and its audit entry) as statements for the caller's own one-command write
    /// (<see cref="Data.SqlStatements"/>), for a hot path where each <c>SaveChanges</c> would be a round trip of its own.
    /// The definition (as customised for <paramref name="regionCode"/>) is resolved here, before the caller's transaction.
    /// Null when its initial state has entry actions (timers, notifications, events): start that one with the overload above.
    /// </summary>
    Task<WorkflowStartStatements?> PrepareStartAsync(
        string moduleId, string workflowId, string regionCode, string actor, string? organisationId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Fires a transition. Refused (and audited, nothing else changed) when the caller lacks the permission or the
    /// scope (404 outside it), when the transition does not leave the current state, when a guard says no, or when
    /// <paramref name="expectedRevision"/> is stale: then the message says who changed it and when.
    /// </summary>
    Task<WorkflowInstanceInfo> FireAsync(long instanceId, string transition, ClaimsPrincipal caller, int expectedRevision, string? comment = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Fires a transition for a caller whose relation to the record the module has established itself: a veteran, or
    /// family whose grant names the veteran, acting on the veteran's own booking. Such grants name a person, not a region,
    /// so the engine cannot find them over the instance; instead the caller counts as holding <paramref name="role"/>
    /// there, and the transition's permission must be one the module gives to that role. Otherwise as
    /// <see cref="FireAsync"/> (state, guard, revision, audit).
    /// </summary>
    Task<WorkflowInstanceInfo> FireAsRelatedAsync(
        long instanceId, string transition, ClaimsPrincipal caller, string role, int expectedRevision, string? comment = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Has the platform fire <paramref name="transition"/> at <paramref name="dueAtUtc"/> (e.g. a story queued for the
    /// weekly column), once, on one node, surviving restarts; skipped if the instance has moved on by then. The
    /// module checks the person's right to schedule before calling. Audited.
    /// </summary>
    /// <exception cref="PlatformException">409 when the transition does not leave the current state.</exception>
    Task ScheduleAsync(long instanceId, string transition, DateTime dueAtUtc, string actor, CancellationToken cancellationToken = default);

    /// <summary>The instance, or null.</summary>
    Task<WorkflowInstanceInfo?> FindAsync(long instanceId, CancellationToken cancellationToken = default);

    /// <summary>The instance's history, oldest first.</summary>
    Task<IReadOnlyList<WorkflowStep>> HistoryAsync(long instanceId, CancellationToken cancellationToken = default);
}

/// <summary>An instance written inside a caller's transaction, and the delivery of what it left in the outbox.</summary>
public sealed class JoinedWorkflowStart(WorkflowInstanceInfo instance, Func<CancellationToken, Task> afterCommit)
{
    /// <summary>The instance as written (its id is final once the caller commits).</summary>
    public WorkflowInstanceInfo Instance { get; } = instance;

    /// <summary>After the caller's commit: delivers the instance's events at once and wakes the notification dispatcher.</summary>
    public Task AfterCommitAsync(CancellationToken cancellationToken = default) => afterCommit(cancellationToken);
}

/// <summary>
/// An instance's start written as SQL statements inside a caller's command (<see cref="IWorkflowEngine.PrepareStartAsync"/>).
/// The record's id is an SQL expression, so the caller can name a row it inserts in the same command (a subselect on a
/// unique key). The caller commits or rolls back; nothing is left to deliver after the commit.
/// </summary>
public abstract class WorkflowStartStatements
{
    /// <summary>
    /// Adds the instance and its audit entry for the record whose id <paramref name="entityId"/> yields (it is used in
    /// more than one statement, so it must yield the same text each time).
    /// </summary>
    public abstract void AddTo(Data.SqlStatements statements, Data.SqlPart entityId);

    /// <summary>A subselect yielding the id of the instance <see cref="AddTo"/> added, for later statements of the same command.</summary>
    public abstract Data.SqlPart InstanceId(Data.SqlStatements statements, Data.SqlPart entityId);

    /// <summary>The instance as written, once the command has run and returned its id.</summary>
    public abstract WorkflowInstanceInfo Started(long instanceId, string entityId);
}

/// <summary>A named condition a transition may require (e.g. <c>beds-available</c>), registered by a module in DI.</summary>
public interface IWorkflowGuard
{
    /// <summary>The name used in definitions.</summary>
    string Name { get; }

    /// <summary>Null to allow; otherwise the reason, in Chinese, shown to the person.</summary>
    ValueTask<string?> RefuseAsync(WorkflowInstanceInfo instance, string transition, CancellationToken cancellationToken);
}

/// <summary>
/// What a workflow emitted on entering a state (an <c>emit</c> action): the event's name and the instance as it was
/// then. <paramref name="DeliveryId"/> is the same on every delivery of one event: subscribers use it to ignore a
/// repeat.
/// </summary>
public sealed record WorkflowEvent(string Name, WorkflowInstanceInfo Instance, long DeliveryId = 0);

/// <summary>
/// Receives workflow events after the transition has committed; registered in DI by any module. Events go through
/// the outbox written with the transition, so none is lost across a crash: delivery is at least once (a failing
/// subscriber is retried later with the other subscribers of that event), so handlers must tolerate a repeat.
/// </summary>
public interface IWorkflowEventSubscriber
{
    /// <summary>Called for every emitted event; handlers pick the names they care about.</summary>
    Task HandleAsync(WorkflowEvent workflowEvent, CancellationToken cancellationToken);
}
