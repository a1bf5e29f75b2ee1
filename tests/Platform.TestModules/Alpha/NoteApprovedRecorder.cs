using System.Collections.Concurrent;
using Platform.Core.Workflows;

namespace Platform.TestModules.Alpha;

/// <summary>Remembers the workflow events it receives, so tests can see what another module would be told.</summary>
public sealed class NoteApprovedRecorder : IWorkflowEventSubscriber
{
    public static ConcurrentQueue<WorkflowEvent> Received { get; } = new();

    /// <summary>Entity ids whose next N events fail (as a subscriber whose database is down would).</summary>
    public static ConcurrentDictionary<string, int> FailuresLeft { get; } = new();

    public Task HandleAsync(WorkflowEvent workflowEvent, CancellationToken cancellationToken)
    {
        var entity = workflowEvent.Instance.EntityId;
        if (FailuresLeft.TryGetValue(entity, out var left) && left > 0 && FailuresLeft.TryUpdate(entity, left - 1, left))
            throw new InvalidOperationException("subscriber unavailable");
        Received.Enqueue(workflowEvent);
        return Task.CompletedTask;
    }
}
