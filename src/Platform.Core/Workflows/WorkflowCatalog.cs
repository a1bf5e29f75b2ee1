using Platform.Core.Modules;

namespace Platform.Core.Workflows;

/// <summary>
/// Every workflow definition of every installed module, read at start from the module's embedded
/// <c>workflows/*.json</c> files (<c>workflows/{ModuleId}/*.json</c> when an assembly holds several modules).
/// A bad definition stops the start with its file and line.
/// </summary>
public sealed class WorkflowCatalog
{
    private readonly Dictionary<(string Module, string Id), WorkflowDefinition> _byKey;

    private WorkflowCatalog(IReadOnlyList<WorkflowDefinition> all)
    {
        All = all;
        _byKey = all.ToDictionary(d => (d.ModuleId, d.Id));
    }

    /// <summary>All definitions, by module then id.</summary>
    public IReadOnlyList<WorkflowDefinition> All { get; }

    /// <summary>A module's definition by id, or null.</summary>
    public WorkflowDefinition? Find(string moduleId, string id) => _byKey.GetValueOrDefault((moduleId, id));

    /// <summary>Loads and checks the definitions of every module.</summary>
    /// <exception cref="WorkflowDefinitionException">A definition is wrong, or two share an id.</exception>
    public static WorkflowCatalog Load(ModuleCatalog modules)
    {
        var all = new List<WorkflowDefinition>();
        foreach (var module in modules.Modules)
        {
            var assembly = module.GetType().Assembly;
            var alone = modules.Modules.Count(m => m.GetType().Assembly == assembly) == 1;
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
                var definition = WorkflowLoader.Load(buffer.ToArray(), file, module.Manifest.Id, permissions);
                if (all.Any(d => d.ModuleId == definition.ModuleId && d.Id == definition.Id))
                    throw new WorkflowDefinitionException(file, 1, $"流程标识“{definition.Id}”在本模块中重复。", $"Workflow id '{definition.Id}' is used twice in the module.");
                all.Add(definition);
            }
        }
        return new WorkflowCatalog(all);
    }
}
