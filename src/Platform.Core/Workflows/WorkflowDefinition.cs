namespace Platform.Core.Workflows;

/// <summary>
/// A declared process (e.g. a booking: requested → confirmed → checked in → completed), loaded from a JSON file
/// in a module. Versioned: running instances keep the version they started with.
/// </summary>
/// <param name="Id">Identifier, unique within the module (e.g. <c>booking</c>).</param>
/// <param name="Version">Version number; raise it when the process changes.</param>
/// <param name="ModuleId">The module that declares it.</param>
/// <param name="Initial">The state a new instance starts in.</param>
/// <param name="States">Every state.</param>
/// <param name="Transitions">Every transition.</param>
/// <param name="Source">The file it was read from, for messages.</param>
public sealed record WorkflowDefinition(
    string Id, int Version, string ModuleId, string Initial,
    IReadOnlyList<WorkflowState> States, IReadOnlyList<WorkflowTransition> Transitions, string Source)
{
    /// <summary>The state named <paramref name="name"/>, or null.</summary>
    public WorkflowState? State(string name) => States.FirstOrDefault(s => s.Name == name);

    /// <summary>Transitions that may fire from <paramref name="state"/>.</summary>
    public IEnumerable<WorkflowTransition> From(string state) => Transitions.Where(t => t.From.Contains(state));
}

/// <summary>A state, with what happens on entering it.</summary>
public sealed record WorkflowState(string Name, string NameZh, string NameEn, bool Final, IReadOnlyList<WorkflowAction> OnEntry);

/// <summary>
/// A move from one of <paramref name="From"/> to <paramref name="To"/>, allowed to holders of
/// <paramref name="Permission"/> when the named <paramref name="Guard"/> (if any) agrees. A bureau may change it
/// for its subtree only where <paramref name="Customisable"/>.
/// </summary>
public sealed record WorkflowTransition(
    string Name, string NameZh, string NameEn, IReadOnlyList<string> From, string To, string Permission, string? Guard, bool Customisable);

/// <summary>An action on entering a state.</summary>
public abstract record WorkflowAction;

/// <summary>
/// Notify someone through a Scriban template: <c>reviewers</c> (whoever may fire a transition leaving the state,
/// in the record's scope) or <c>starter</c> (the person who started the process).
/// </summary>
public sealed record NotifyAction(string Template, string Recipient) : WorkflowAction
{
    /// <summary>Who may be notified.</summary>
    public static IReadOnlyList<string> Recipients { get; } = ["reviewers", "starter"];
}

/// <summary>Publish a domain event other modules may subscribe to.</summary>
public sealed record EmitAction(string Event) : WorkflowAction;

/// <summary>Fire <paramref name="Transition"/> by itself after <paramref name="After"/> unless the instance has moved on.</summary>
public sealed record TimeoutAction(TimeSpan After, string Transition, bool Customisable) : WorkflowAction;

/// <summary>A definition that cannot be used: the file, the line and what is wrong.</summary>
public sealed class WorkflowDefinitionException(string file, int line, string messageZh, string messageEn)
    : Exception($"{file}({line}): {messageZh} / {messageEn}")
{
    /// <summary>The definition file.</summary>
    public string File { get; } = file;

    /// <summary>1-based line.</summary>
    public int Line { get; } = line;
}
