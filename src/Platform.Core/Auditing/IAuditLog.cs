namespace Platform.Core.Auditing;

/// <summary>One accountable change: who did what, when, where, and the value before and after.</summary>
/// <param name="Action">A dotted verb, e.g. <c>feature.enable</c> or <c>region.move</c>.</param>
/// <param name="Actor">The person or client that acted.</param>
/// <param name="RegionCode">The region concerned, when there is one.</param>
/// <param name="ModuleId">The module concerned, when there is one.</param>
/// <param name="Before">The state before (short text or JSON).</param>
/// <param name="After">The state after (short text or JSON).</param>
public sealed record AuditEntry(
    string Action, string Actor, string? RegionCode, string? ModuleId, string? Before, string? After);

/// <summary>Writes audit entries; modules use it for every approval and every change of state that someone may question.</summary>
public interface IAuditLog
{
    /// <summary>Stores the entry with the current time.</summary>
    Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default);
}
