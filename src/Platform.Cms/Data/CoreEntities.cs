namespace Platform.Cms.Data;

public sealed class Region
{
    public required string Code { get; set; }
    public string? ParentCode { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public int Level { get; set; }
    public required string Path { get; set; }
    public bool Archived { get; set; }
    public string? Theme { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class RegionFeature
{
    public required string RegionCode { get; set; }
    public required string ModuleId { get; set; }
    public bool Enabled { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

public sealed class AuditRecord
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public string? RegionCode { get; set; }
    public string? ModuleId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}

/// <summary>A counter per cached state; bumping it in the same transaction as a change tells every node to reload.</summary>
public sealed class StateVersion
{
    public required string Key { get; set; }
    public long Version { get; set; }
}

public sealed class WorkflowInstance
{
    public long Id { get; set; }
    public required string ModuleId { get; set; }
    public required string WorkflowId { get; set; }
    public int Version { get; set; }
    public required string EntityId { get; set; }
    public required string RegionCode { get; set; }
    public required string State { get; set; }
    public int Revision { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public string? StartedBy { get; set; }
    public string? OrganisationId { get; set; }
    /// <summary>The region's customisations in force when it started (null: none).</summary>
    public long? VariantId { get; set; }
    /// <summary>Why the platform could not move it on by itself (a failed timeout); cleared by a retry.</summary>
    public string? Fault { get; set; }
}

public sealed class WorkflowHistoryRow
{
    public long Id { get; set; }
    public long InstanceId { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }
    public required string Transition { get; set; }
    public required string FromState { get; set; }
    public required string ToState { get; set; }
    public string? Comment { get; set; }
}

/// <summary>A timeout waiting to fire a transition; claimed by one node, marked when fired (or skipped).</summary>
public sealed class WorkflowTimer
{
    public long Id { get; set; }
    public long InstanceId { get; set; }
    public required string Transition { get; set; }
    public required string State { get; set; }
    public int Revision { get; set; }
    public DateTime DueAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedAt { get; set; }
    public DateTime? FiredAt { get; set; }
    public string? Outcome { get; set; }
}

/// <summary>A bureau's change to a process for its subtree (one <see cref="Core.Workflows.WorkflowCustomisation"/> as JSON).</summary>
public sealed class WorkflowCustomisationRow
{
    public long Id { get; set; }
    public required string ModuleId { get; set; }
    public required string WorkflowId { get; set; }
    public required string RegionCode { get; set; }
    public required string Json { get; set; }
    public int BasedOnVersion { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>The list of customisations an instance started with, stored once per distinct list and never changed.</summary>
public sealed class WorkflowVariant
{
    public long Id { get; set; }
    public required string ModuleId { get; set; }
    public required string WorkflowId { get; set; }
    public int Version { get; set; }
    public required string Hash { get; set; }
    public required string Json { get; set; }
}

/// <summary>
/// Work a transition leaves for after its commit, written in the same transaction: a notification to send
/// (<c>notify</c>) or an event to hand to subscribers (<c>event</c>). Retried until processed.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public required string Kind { get; set; }
    public long InstanceId { get; set; }
    public required string ModuleId { get; set; }
    public required string RegionCode { get; set; }
    public required string Name { get; set; }
    public string? Recipient { get; set; }
    public required string Data { get; set; }
    public DateTime CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedAt { get; set; }
}

/// <summary>A notification in a person's in-app inbox.</summary>
public sealed class InboxItem
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public long? OutboxId { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public string? Link { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}

/// <summary>An e-mail waiting for (or given to) the SMTP server; retried with growing pauses until sent or cancelled.</summary>
public sealed class MailDelivery
{
    public long Id { get; set; }
    public long? OutboxId { get; set; }
    public required string UserId { get; set; }
    public required string Address { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTime? SentAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    public string? CancelledBy { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedAt { get; set; }
}

/// <summary>A region's own wording of a module's notification template (subject and body are Scriban).</summary>
public sealed class NotificationTemplateRow
{
    public long Id { get; set; }
    public required string ModuleId { get; set; }
    public required string Name { get; set; }
    public required string RegionCode { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>When a background job last ran, on which node, and what came of it.</summary>
public sealed class JobRun
{
    public required string Name { get; set; }
    public required string Node { get; set; }
    public DateTime LastRunAt { get; set; }
    public required string Outcome { get; set; }
}

/// <summary>An uploaded file's record; the bytes live in the media folder.</summary>
public sealed class MediaRow
{
    public required string Id { get; set; }
    public required string Module { get; set; }
    public required string RegionCode { get; set; }
    public required string Kind { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public required string OriginalName { get; set; }
    public required string Path { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A content item: where its versions stand. The versions' JSON is in <see cref="ContentVersionRow"/>.</summary>
public sealed class ContentItemRow
{
    public required string Id { get; set; }
    public required string ModuleId { get; set; }
    public required string ContentType { get; set; }
    public required string RegionCode { get; set; }
    public required string Owner { get; set; }
    public required string Title { get; set; }
    public int LatestVersion { get; set; }
    public int? PublishedVersion { get; set; }
    public DateTime? PublishedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public int Revision { get; set; }
    public long? WorkflowInstanceId { get; set; }
}

/// <summary>One saved version of a content item.</summary>
public sealed class ContentVersionRow
{
    public required string ItemId { get; set; }
    public int Version { get; set; }
    public required string Json { get; set; }
    public required string Title { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

/// <summary>A tag of a content item's published version (for filtered lists).</summary>
public sealed class ContentTagRow
{
    public required string ItemId { get; set; }
    public required string Tag { get; set; }
}

/// <summary>A search document that changed; every node's index catches up past the highest id it has applied.</summary>
public sealed class SearchChange
{
    public long Id { get; set; }
    public required string Key { get; set; }
    public DateTime ChangedAt { get; set; }
}

/// <summary>A module's public-cache generation (<see cref="Caching.PublicCache"/>): bumped after each public change.</summary>
public sealed class PublicGeneration
{
    public required string Key { get; set; }
    public long Version { get; set; }
}
