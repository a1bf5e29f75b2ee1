using System.Collections.Concurrent;
using Platform.Core.Workflows;

namespace Platform.TestModules.Alpha;

/// <summary>Remembers the workflow events it receives, so tests can see what another module would be told.</summary>
public sealed class NoteApprovedRecorder : IWorkflowEventSubscriber
{
    public static ConcurrentQueue<WorkflowEvent> Received { get; } = new();

    public Task HandleAsync(WorkflowEvent workflowEvent, CancellationToken cancellationToken)
    {
        Received.Enqueue(workflowEvent);
        return Task.CompletedTask;
    }
}
