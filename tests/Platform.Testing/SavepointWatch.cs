using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Platform.Testing;

/// <summary>
/// Counts the savepoints EF Core creates on the current async flow while it is not disposed (from EF Core's
/// diagnostic events; tests running meanwhile on other flows are not counted).
/// </summary>
public sealed class SavepointWatch : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private static readonly AsyncLocal<SavepointWatch?> Watching = new();
    private readonly List<IDisposable> _subscriptions = [];
    private int _count;

    public SavepointWatch()
    {
        Watching.Value = this;
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    public int Count => Volatile.Read(ref _count);

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name != DbLoggerCategory.Name) return;
        lock (_subscriptions) _subscriptions.Add(value.Subscribe(this, name => name == RelationalEventId.CreatingTransactionSavepoint.Name));
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (Watching.Value == this) Interlocked.Increment(ref _count);
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void Dispose()
    {
        Watching.Value = null;
        lock (_subscriptions) _subscriptions.ForEach(s => s.Dispose());
    }
}
