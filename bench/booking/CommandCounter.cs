using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

/// <summary>
/// Counts the database commands EF Core runs in this process (every context, every module, the token store) while
/// switched on, by statement, from EF Core's diagnostic events: what one booking costs in round trips.
/// </summary>
internal sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly ConcurrentDictionary<string, int> _statements = new(StringComparer.Ordinal);
    private volatile bool _on;

    public CommandCounter() => DiagnosticListener.AllListeners.Subscribe(this);

    public void Start()
    {
        _statements.Clear();
        _on = true;
    }

    /// <summary>Stops counting and returns the statements (first line, without EF's comment tags), most frequent first.</summary>
    public List<(string Statement, int Count)> Stop()
    {
        _on = false;
        return [.. _statements.OrderByDescending(s => s.Value).Select(s => (s.Key, s.Value))];
    }

    public void OnNext(DiagnosticListener value)
    {
        // Only the one event counted: with every event enabled, EF Core builds event data for each property and state
        // change, which cost the API run CPU the other runs did not pay.
        if (value.Name == DbLoggerCategory.Name) value.Subscribe(this, (name, _, _) => _on && name == RelationalEventId.CommandExecuted.Name);
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (!_on || value.Value is not CommandExecutedEventData data) return;
        var text = string.Join(' ', data.Command.CommandText.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("--", StringComparison.Ordinal)));
        _statements.AddOrUpdate(text.Length > 110 ? text[..110] + "…" : text, 1, (_, n) => n + 1);
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }
}
