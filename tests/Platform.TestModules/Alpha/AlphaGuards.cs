using System.Collections.Concurrent;
using Platform.Core.Workflows;

namespace Platform.TestModules.Alpha;

/// <summary>A note whose id contains "empty" has no text: it cannot be approved.</summary>
public sealed class HasTextGuard : IWorkflowGuard
{
    public string Name => "has-text";

    public ValueTask<string?> RefuseAsync(WorkflowInstanceInfo instance, string transition, CancellationToken cancellationToken) =>
        ValueTask.FromResult(instance.EntityId.Contains("empty", StringComparison.Ordinal) ? "笔记没有内容，不能通过。" : null);
}

/// <summary>
/// Stands in for a guard that breaks (a service it needs is down): for notes whose id starts with "boom" it throws
/// until the test repairs it, so the timeout that asks it faults the instance.
/// </summary>
public sealed class ExpiryCheckGuard : IWorkflowGuard
{
    public static ConcurrentDictionary<string, bool> Repaired { get; } = new();

    public string Name => "expiry-check";

    public ValueTask<string?> RefuseAsync(WorkflowInstanceInfo instance, string transition, CancellationToken cancellationToken) =>
        instance.EntityId.StartsWith("boom", StringComparison.Ordinal) && !Repaired.ContainsKey(instance.EntityId)
            ? throw new InvalidOperationException("expiry service unavailable")
            : ValueTask.FromResult<string?>(null);
}
