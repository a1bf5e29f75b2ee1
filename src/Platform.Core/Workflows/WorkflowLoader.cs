using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Core.Workflows;

/// <summary>
/// Reads and checks a workflow definition file. Anything wrong (an unknown or unreachable state, a transition
/// without a permission, a permission the module does not declare, a state with no way out...) is refused with
/// the file, the line and what to change, so a bad definition stops the platform at start, not a person later.
/// </summary>
public static partial class WorkflowLoader
{
    /// <summary>Parses and validates one definition.</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="file">Its name, for messages.</param>
    /// <param name="moduleId">The declaring module.</param>
    /// <param name="declaredPermissions">The module's permissions; every transition must use one of them.</param>
    /// <param name="templateExists">Whether the module ships a notification template of that name (null: not checked).</param>
    public static WorkflowDefinition Load(byte[] utf8, string file, string moduleId, IReadOnlySet<string> declaredPermissions, Func<string, bool>? templateExists = null)
    {
        LineJson root;
        try
        {
            root = LineJson.Parse(utf8);
        }
        catch (JsonException ex)
        {
            throw new WorkflowDefinitionException(file, (int)(ex.LineNumber ?? 0) + 1, "JSON 格式错误：" + ex.Message, "Malformed JSON: " + ex.Message);
        }
        var fail = new Failer(file);
        if (root.Kind != JsonValueKind.Object) throw fail.At(root, "文件须为一个 JSON 对象。", "The file must hold one JSON object.");

        var id = Required(root, "id", fail);
        if (!WorkflowNames.IsValid(id)) throw fail.At(root["id"]!, $"标识“{id}”无效：只能用小写字母、数字和连字符。", $"Id '{id}' is invalid: use lower-case letters, digits and hyphens.");
        var versionNode = root["version"];
        if (versionNode is not { Kind: JsonValueKind.Number } || !int.TryParse(versionNode.Text, CultureInfo.InvariantCulture, out var version) || version < 1)
            throw fail.At(versionNode ?? root, "version 须为正整数。", "version must be a positive whole number.");

        var statesNode = root["states"];
        if (statesNode is not { Kind: JsonValueKind.Object } || statesNode.Members.Count == 0)
            throw fail.At(statesNode ?? root, "states 须列出至少一个状态。", "states must list at least one state.");
        var transitionsNode = root["transitions"];
        if (transitionsNode is not { Kind: JsonValueKind.Array })
            throw fail.At(transitionsNode ?? root, "transitions 须为数组。", "transitions must be an array.");

        var stateNames = statesNode.Members.Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        var transitions = transitionsNode.Items.Select(t => ReadTransition(t, stateNames, declaredPermissions, fail)).ToList();
        var duplicate = transitions.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw fail.At(transitionsNode, $"转换“{duplicate.Key}”重复定义。", $"Transition '{duplicate.Key}' is defined twice.");
        var states = statesNode.Members.Select(m => ReadState(m.Key, m.Value, transitions, templateExists, fail)).ToList();

        var initial = Required(root, "initial", fail);
        if (!stateNames.Contains(initial)) throw fail.At(root["initial"]!, $"初始状态“{initial}”未在 states 中定义。", $"Initial state '{initial}' is not among the states.");
        CheckShape(initial, states, transitions, statesNode, fail);
        return new WorkflowDefinition(id, version, moduleId, initial, states, transitions, file);
    }

    private static WorkflowTransition ReadTransition(LineJson node, HashSet<string> states, IReadOnlySet<string> permissions, Failer fail)
    {
        if (node.Kind != JsonValueKind.Object) throw fail.At(node, "每个转换须为一个对象。", "Each transition must be an object.");
        var name = Required(node, "name", fail);
        var from = node["from"] is { Kind: JsonValueKind.Array } list ? list.Items : node["from"] is { } one ? [one] : [];
        if (from.Count == 0) throw fail.At(node, $"转换“{name}”缺少 from（从哪些状态出发）。", $"Transition '{name}' has no 'from'.");
        foreach (var f in from)
        {
            if (f.Text is null || !states.Contains(f.Text))
                throw fail.At(f, $"转换“{name}”的出发状态“{f.Text}”未定义。", $"Transition '{name}' starts from unknown state '{f.Text}'.");
        }
        var to = Required(node, "to", fail);
        if (!states.Contains(to)) throw fail.At(node["to"]!, $"转换“{name}”的目标状态“{to}”未定义。", $"Transition '{name}' goes to unknown state '{to}'.");
        var permission = node["permission"]?.Text;
        if (string.IsNullOrWhiteSpace(permission))
            throw fail.At(node, $"转换“{name}”没有指定权限（permission）：须写明谁可以执行它。", $"Transition '{name}' has no permission: say who may fire it.");
        if (!permissions.Contains(permission))
            throw fail.At(node["permission"]!, $"转换“{name}”使用的权限“{permission}”不是本模块声明的权限。", $"Transition '{name}' uses permission '{permission}', which the module does not declare.");
        return new WorkflowTransition(name, node["zh"]?.Text ?? name, node["en"]?.Text ?? name,
            from.Select(f => f.Text!).ToList(), to, permission, node["guard"]?.Text, node["customisable"]?.Kind == JsonValueKind.True);
    }

    private static WorkflowState ReadState(string name, LineJson node, IReadOnlyList<WorkflowTransition> transitions, Func<string, bool>? templateExists, Failer fail)
    {
        if (node.Kind != JsonValueKind.Object) throw fail.At(node, $"状态“{name}”须为一个对象。", $"State '{name}' must be an object.");
        var actions = new List<WorkflowAction>();
        foreach (var action in node["onEntry"]?.Items ?? [])
        {
            var read = ReadAction(name, action, transitions, fail);
            if (read is NotifyAction notify && templateExists is not null && !templateExists(notify.Template))
                throw fail.At(action["notify"]!, $"模块没有通知模板“{notify.Template}”（notifications/{notify.Template}.sbn）。", $"The module ships no notification template '{notify.Template}'.");
            actions.Add(read);
        }
        return new WorkflowState(name, node["zh"]?.Text ?? name, node["en"]?.Text ?? name, node["final"]?.Kind == JsonValueKind.True, actions);
    }

    private static WorkflowAction ReadAction(string state, LineJson node, IReadOnlyList<WorkflowTransition> transitions, Failer fail)
    {
        if (node["notify"]?.Text is { } template)
        {
            if (!WorkflowNames.IsValid(template))
                throw fail.At(node["notify"]!, $"通知模板名“{template}”无效：只能用小写字母、数字和连字符。", $"Template name '{template}' is invalid.");
            var to = node["to"]?.Text ?? throw fail.At(node, "notify 须写明通知谁（to）。", "notify needs 'to'.");
            if (!NotifyAction.Recipients.Contains(to))
                throw fail.At(node["to"]!, $"通知对象“{to}”无效：只能是 {string.Join("、", NotifyAction.Recipients)}。", $"Recipient '{to}' is invalid: use {string.Join(", ", NotifyAction.Recipients)}.");
            return new NotifyAction(template, to);
        }
        if (node["emit"]?.Text is { } eventName)
            return new EmitAction(eventName);
        if (node["timeout"]?.Text is { } after)
        {
            var match = DurationPattern().Match(after);
            if (!match.Success)
                throw fail.At(node["timeout"]!, $"时限“{after}”无效：请写成 30m、48h 或 7d。", $"Timeout '{after}' is invalid: write 30m, 48h or 7d.");
            var amount = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var span = match.Groups[2].Value switch { "m" => TimeSpan.FromMinutes(amount), "h" => TimeSpan.FromHours(amount), _ => TimeSpan.FromDays(amount) };
            var fire = Required(node, "fire", fail);
            if (!transitions.Any(t => t.Name == fire && t.From.Contains(state)))
                throw fail.At(node["fire"]!, $"状态“{state}”的时限要执行的转换“{fire}”不存在，或不能从该状态出发。", $"Timeout in '{state}' fires '{fire}', which does not leave that state.");
            return new TimeoutAction(span, fire, node["customisable"]?.Kind == JsonValueKind.True);
        }
        throw fail.At(node, "未知的进入动作：只能是 notify、emit 或 timeout。", "Unknown action: use notify, emit or timeout.");
    }

    private static void CheckShape(string initial, List<WorkflowState> states, List<WorkflowTransition> transitions, LineJson statesNode, Failer fail)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { initial };
        var queue = new Queue<string>([initial]);
        while (queue.TryDequeue(out var state))
        {
            foreach (var t in transitions.Where(t => t.From.Contains(state)))
            {
                if (reached.Add(t.To)) queue.Enqueue(t.To);
            }
        }
        foreach (var state in states)
        {
            var node = statesNode[state.Name]!;
            var leaves = transitions.Any(t => t.From.Contains(state.Name));
            if (!reached.Contains(state.Name))
                throw fail.At(node, $"状态“{state.Name}”从初始状态无法到达。", $"State '{state.Name}' cannot be reached from the initial state.");
            if (state.Final && leaves)
                throw fail.At(node, $"终止状态“{state.Name}”不能再有转换。", $"Final state '{state.Name}' must not have outgoing transitions.");
            if (!state.Final && !leaves)
                throw fail.At(node, $"状态“{state.Name}”没有任何出路：请添加转换，或标记为终止状态（\"final\": true）。", $"State '{state.Name}' has no way out: add a transition or mark it final.");
        }
    }

    private static string Required(LineJson node, string name, Failer fail) =>
        node[name]?.Text is { Length: > 0 } text ? text
            : throw fail.At(node[name] ?? node, $"缺少 {name}。", $"'{name}' is missing.");

    private sealed class Failer(string file)
    {
        public WorkflowDefinitionException At(LineJson node, string zh, string en) => new(file, node.Line, zh, en);
    }

    [GeneratedRegex("^([1-9][0-9]{0,4})([mhd])$")]
    private static partial Regex DurationPattern();
}

/// <summary>The identifiers workflows use (ids, step and template names): lower-case letters, digits and hyphens.</summary>
public static partial class WorkflowNames
{
    /// <summary>Whether <paramref name="name"/> is a valid identifier.</summary>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex Pattern();
}
