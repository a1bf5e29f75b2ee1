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
