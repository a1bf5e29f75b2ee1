using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Core.Workflows;

/// <summary>
/// A change a bureau makes to a module's process for its subtree, within what the definition marks
/// <c>customisable</c>. Children inherit their ancestors' changes; the nearest region's changes apply last.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ExtraStep), "step")]
[JsonDerivedType(typeof(TimeoutChange), "timeout")]
public abstract record WorkflowCustomisation
{
    /// <summary>What it does, in Chinese, for lists and audit entries.</summary>
    public abstract string DescribeZh(WorkflowDefinition definition);
}

/// <summary>
/// An approval step before a customisable transition (e.g. a county review before the city approves):
/// the transition's state first needs <see cref="Name"/> (fired by holders of <see cref="Permission"/>), which
/// leads to a new state <c>{Name}-done</c> from which the original transition, and every other way out of the
/// original state, may fire.
/// </summary>
/// <param name="Before">The customisable transition the step goes before.</param>
/// <param name="Name">The new transition's identifier (lower-case letters, digits, hyphens).</param>
/// <param name="NameZh">Its Chinese name, e.g. 县级审核通过.</param>
/// <param name="StateZh">The Chinese name of the state it leads to, e.g. 县级已审核.</param>
/// <param name="Permission">A permission the module declares.</param>
public sealed record ExtraStep(string Before, string Name, string NameZh, string StateZh, string Permission) : WorkflowCustomisation
{
    /// <summary>The state the step leads to.</summary>
    public string StateName => Name + "-done";

    /// <inheritdoc/>
    public override string DescribeZh(WorkflowDefinition definition) =>
        $"在“{definition.Transitions.FirstOrDefault(t => t.Name == Before)?.NameZh ?? Before}”之前增加“{NameZh}”（{Permission}）";
}

/// <summary>A different duration for a customisable timeout of a state.</summary>
/// <param name="State">The state whose timeout changes.</param>
/// <param name="Transition">The transition the timeout fires.</param>
/// <param name="After">The new duration.</param>
public sealed record TimeoutChange(string State, string Transition, TimeSpan After) : WorkflowCustomisation
{
    /// <inheritdoc/>
    public override string DescribeZh(WorkflowDefinition definition) =>
        $"“{definition.State(State)?.NameZh ?? State}”的时限改为 {WorkflowCustomiser.FormatDuration(After)}";
}

/// <summary>Applies customisations to a definition, refusing (in Chinese) what the definition does not allow.</summary>
public static class WorkflowCustomiser
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The definition with <paramref name="changes"/> applied in order.</summary>
    /// <exception cref="PlatformException">400 naming what cannot be changed and why.</exception>
    public static WorkflowDefinition Apply(WorkflowDefinition definition, IEnumerable<WorkflowCustomisation> changes)
    {
        foreach (var change in changes)
        {
            definition = change switch
            {
                ExtraStep step => Insert(definition, step),
                TimeoutChange timeout => Retime(definition, timeout),
                _ => throw new ArgumentException($"Unknown customisation {change.GetType().Name}", nameof(changes)),
            };
        }
        return definition;
    }

    /// <summary>Whether <paramref name="change"/> can apply after <paramref name="before"/>; the reason when it cannot.</summary>
    public static string? Refusal(WorkflowDefinition definition, IEnumerable<WorkflowCustomisation> before, WorkflowCustomisation change)
    {
        try
        {
            Apply(Apply(definition, before), [change]);
            return null;
        }
        catch (PlatformException ex)
        {
            return ex.MessageZh;
        }
    }

    /// <summary>Serialises a list of changes (stored with the instances that use them).</summary>
    public static string Serialize(IReadOnlyList<WorkflowCustomisation> changes) => JsonSerializer.Serialize(changes, Json);

    /// <summary>Reads a list written by <see cref="Serialize(IReadOnlyList{WorkflowCustomisation})"/>.</summary>
    public static IReadOnlyList<WorkflowCustomisation> Deserialize(string json) =>
        JsonSerializer.Deserialize<List<WorkflowCustomisation>>(json, Json) ?? [];

    /// <summary>One change as JSON.</summary>
    public static string SerializeOne(WorkflowCustomisation change) => JsonSerializer.Serialize(change, Json);

    /// <summary>One change read from JSON.</summary>
    public static WorkflowCustomisation DeserializeOne(string json) =>
        JsonSerializer.Deserialize<WorkflowCustomisation>(json, Json) ?? throw new JsonException("Empty customisation.");

    /// <summary>30m, 48h or 7d, as the definitions write durations.</summary>
    public static string FormatDuration(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? $"{span.TotalDays:0}d"
        : span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? $"{span.TotalHours:0}h"
        : $"{span.TotalMinutes:0}m";

    private static WorkflowDefinition Insert(WorkflowDefinition d, ExtraStep step)
    {
        var target = d.Transitions.FirstOrDefault(t => t.Name == step.Before)
            ?? throw Refused($"流程中没有转换“{step.Before}”。", $"The process has no transition '{step.Before}'.");
        if (!target.Customisable)
            throw Refused($"“{target.NameZh}”不允许地区在其前增加步骤。", $"'{target.NameEn}' is not customisable.");
        if (target.From.Count != 1)
            throw Refused($"“{target.NameZh}”可从多个状态发起，无法确定在哪一步前增加。", $"'{target.NameEn}' leaves several states.");
        if (!WorkflowNames.IsValid(step.Name))
            throw Refused($"步骤标识“{step.Name}”无效：只能用小写字母、数字和连字符。", $"Step id '{step.Name}' is invalid.");
        if (string.IsNullOrWhiteSpace(step.NameZh) || string.IsNullOrWhiteSpace(step.StateZh))
            throw Refused("请填写步骤名称和完成后的状态名称。", "Name the step and the state it leads to.");
        if (d.Transitions.Any(t => t.Name == step.Name) || d.State(step.StateName) is not null)
            throw Refused($"标识“{step.Name}”已被流程使用，请换一个。", $"'{step.Name}' is already used in the process.");
        var origin = d.State(target.From[0])!;
        if (origin.OnEntry.OfType<TimeoutAction>().Any(a => a.Transition == target.Name))
            throw Refused($"“{origin.NameZh}”到时会自动执行“{target.NameZh}”，不能在其前增加步骤。", $"A timeout of '{origin.Name}' fires '{target.Name}'.");

        var added = new WorkflowState(step.StateName, step.StateZh, step.StateName, false, origin.OnEntry);
        var states = d.States.SelectMany(s => s.Name == origin.Name ? new[] { s, added } : [s]).ToList();
        var transitions = new List<WorkflowTransition>();
        foreach (var t in d.Transitions)
        {
            if (t.Name == target.Name) transitions.Add(t with { From = [added.Name] });
            else if (t.From.Contains(origin.Name)) transitions.Add(t with { From = [.. t.From, added.Name] });
            else transitions.Add(t);
            if (t.Name == target.Name)
                transitions.Add(new WorkflowTransition(step.Name, step.NameZh, step.Name, [origin.Name], added.Name, step.Permission, null, false));
        }
        return d with { States = states, Transitions = transitions };
    }

    private static WorkflowDefinition Retime(WorkflowDefinition d, TimeoutChange change)
    {
        var state = d.State(change.State) ?? throw Refused($"流程中没有状态“{change.State}”。", $"The process has no state '{change.State}'.");
        var timeout = state.OnEntry.OfType<TimeoutAction>().FirstOrDefault(a => a.Transition == change.Transition)
            ?? throw Refused($"“{state.NameZh}”没有执行“{change.Transition}”的时限。", $"'{state.Name}' has no timeout firing '{change.Transition}'.");
        if (!timeout.Customisable)
            throw Refused($"“{state.NameZh}”的时限不允许地区修改。", $"The timeout of '{state.Name}' is not customisable.");
        if (change.After < TimeSpan.FromMinutes(1) || change.After > TimeSpan.FromDays(365))
            throw Refused("时限须在 1 分钟到 365 天之间。", "A timeout must be between 1 minute and 365 days.");
        var actions = state.OnEntry.Select(a => a == timeout ? timeout with { After = change.After } : a).ToList();
        return d with { States = d.States.Select(s => s == state ? s with { OnEntry = actions } : s).ToList() };
    }

    private static PlatformException Refused(string zh, string en) => PlatformException.Invalid(zh, en);
}
