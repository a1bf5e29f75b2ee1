using Platform.Core.Modules;

namespace Platform.Core.Workflows;

/// <summary>
/// Every workflow definition of every installed module, read at start from the module's embedded
/// <c>workflows/*.json</c> files (<c>workflows/{ModuleId}/*.json</c> when an assembly holds several modules).
/// A bad definition stops the start with its file and line. A module keeps the files of earlier versions
/// (e.g. <c>booking.json</c> at version 2 beside <c>booking.v1.json</c>) while instances started on them run:
/// new instances take the highest version, running ones keep theirs.
/// </summary>
public sealed class WorkflowCatalog
{
    private readonly Dictionary<(string Module, string Id, int Version), WorkflowDefinition> _byVersion;
    private readonly Dictionary<(string Module, string Id), WorkflowDefinition> _latest;

    private WorkflowCatalog(IReadOnlyList<WorkflowDefinition> all)
    {
        _byVersion = all.ToDictionary(d => (d.ModuleId, d.Id, d.Version));
        _latest = all.GroupBy(d => (d.ModuleId, d.Id)).ToDictionary(g => g.Key, g => g.MaxBy(d => d.Version)!);
        All = [.. _latest.Values.OrderBy(d => d.ModuleId, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal)];
    }

    /// <summary>The current (highest) version of every definition, by module then id.</summary>
    public IReadOnlyList<WorkflowDefinition> All { get; }

    /// <summary>The current version of a module's definition, or null.</summary>
    public WorkflowDefinition? Find(string moduleId, string id) => _latest.GetValueOrDefault((moduleId, id));

    /// <summary>One version of a module's definition (a running instance's), or null when it is no longer shipped.</summary>
    public WorkflowDefinition? Find(string moduleId, string id, int version) => _byVersion.GetValueOrDefault((moduleId, id, version));

    /// <summary>Every shipped version of a definition, newest first.</summary>
    public IReadOnlyList<int> Versions(string moduleId, string id) =>
        [.. _byVersion.Keys.Where(k => k.Module == moduleId && k.Id == id).Select(k => k.Version).OrderDescending()];

    /// <summary>Loads and checks the definitions of every module.</summary>
    /// <exception cref="WorkflowDefinitionException">A definition is wrong, or two share an id.</exception>
    public static WorkflowCatalog Load(ModuleCatalog modules)
    {
        var all = new List<WorkflowDefinition>();
        foreach (var module in modules.Modules)
        {
            var assembly = module.GetType().Assembly;
            var alone = IsAlone(module, modules);
            var own = $"workflows/{module.Manifest.Id}/";
            var permissions = module.Permissions.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var name in assembly.GetManifestResourceNames()
                         .Where(n => n.EndsWith(".json", StringComparison.Ordinal)
                                     && (n.StartsWith(own, StringComparison.Ordinal)
                                         || (alone && n.StartsWith("workflows/", StringComparison.Ordinal) && n.Count(c => c == '/') == 1)))
                         .Order(StringComparer.Ordinal))
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                var file = $"{module.Manifest.Id}:{name}";
                var definition = WorkflowLoader.Load(buffer.ToArray(), file, module.Manifest.Id, permissions,
                    template => NotificationTemplate(module, alone, template) is not null);
                if (all.Any(d => d.ModuleId == definition.ModuleId && d.Id == definition.Id && d.Version == definition.Version))
                    throw new WorkflowDefinitionException(file, 1, $"流程“{definition.Id}”的第 {definition.Version} 版在本模块中重复。", $"Workflow '{definition.Id}' version {definition.Version} is defined twice in the module.");
                all.Add(definition);
            }
        }
        return new WorkflowCatalog(all);
    }

    /// <summary>
    /// The embedded default of a module's notification template: <c>notifications/{name}.sbn</c>
    /// (<c>notifications/{ModuleId}/{name}.sbn</c> when an assembly holds several modules); null when missing.
    /// The first line is the subject, the rest the body.
    /// </summary>
    public static string? NotificationTemplate(PlatformModule module, bool alone, string name)
    {
        var assembly = module.GetType().Assembly;
        foreach (var resource in alone ? new[] { $"notifications/{module.Manifest.Id}/{name}.sbn", $"notifications/{name}.sbn" } : [$"notifications/{module.Manifest.Id}/{name}.sbn"])
        {
            using var stream = assembly.GetManifestResourceStream(resource);
            if (stream is null) continue;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        return null;
    }

    /// <summary>Whether <paramref name="module"/> is the only module in its assembly (resources then need no module folder).</summary>
    public static bool IsAlone(PlatformModule module, ModuleCatalog modules) =>
        modules.Modules.Count(m => m.GetType().Assembly == module.GetType().Assembly) == 1;
}
