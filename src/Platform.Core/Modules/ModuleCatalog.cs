namespace Platform.Core.Modules;

/// <summary>
/// The installed modules in dependency order. Built once at start; a missing dependency or a cycle
/// stops the host with a message that names the modules.
/// </summary>
public sealed class ModuleCatalog
{
    private readonly Dictionary<string, PlatformModule> _byId;

    private ModuleCatalog(IReadOnlyList<PlatformModule> ordered)
    {
        Modules = ordered;
        _byId = ordered.ToDictionary(m => m.Manifest.Id, StringComparer.Ordinal);
    }

    /// <summary>Modules ordered so that every module comes after its dependencies.</summary>
    public IReadOnlyList<PlatformModule> Modules { get; }

    /// <summary>Finds an installed module by id.</summary>
    public PlatformModule? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Finds an installed module by URL slug.</summary>
    public PlatformModule? FindBySlug(string slug) =>
        Modules.FirstOrDefault(m => string.Equals(m.Manifest.Slug, slug, StringComparison.OrdinalIgnoreCase));

    /// <summary>Modules that declare <paramref name="id"/> as a dependency.</summary>
    public IEnumerable<PlatformModule> Dependents(string id) =>
        Modules.Where(m => m.Manifest.Dependencies.Contains(id, StringComparer.Ordinal));

    /// <summary>Validates and orders the modules.</summary>
    /// <exception cref="ModuleLoadException">Duplicate ids or slugs, a missing dependency, or a cycle.</exception>
    public static ModuleCatalog Create(IEnumerable<PlatformModule> modules)
    {
        var list = modules.ToList();
        var duplicate = list.GroupBy(m => m.Manifest.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ModuleLoadException($"模块标识重复：{duplicate.Key}。Duplicate module id '{duplicate.Key}'.");
        var slug = list.GroupBy(m => m.Manifest.Slug, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (slug is not null)
            throw new ModuleLoadException(
                $"模块路径重复：{slug.Key}（{string.Join("、", slug.Select(m => m.Manifest.Id))}）。Duplicate module slug '{slug.Key}'.");

        var byId = list.ToDictionary(m => m.Manifest.Id, StringComparer.Ordinal);
        var missing = list
            .SelectMany(m => m.Manifest.Dependencies.Where(d => !byId.ContainsKey(d)).Select(d => (m.Manifest.Id, d)))
            .ToList();
        if (missing.Count > 0)
        {
            var text = string.Join("; ", missing.Select(x => $"{x.Id} → {x.d}"));
            throw new ModuleLoadException($"模块缺少依赖：{text}。请安装所缺模块。Missing module dependencies: {text}.");
        }

        var ordered = new List<PlatformModule>(list.Count);
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false = visiting, true = done
        foreach (var module in list.OrderBy(m => m.Manifest.Id, StringComparer.Ordinal))
            Visit(module, byId, state, ordered, []);
        return new ModuleCatalog(ordered);
    }

    private static void Visit(
        PlatformModule module, Dictionary<string, PlatformModule> byId, Dictionary<string, bool> state,
        List<PlatformModule> ordered, List<string> path)
    {
        var id = module.Manifest.Id;
        if (state.TryGetValue(id, out var done))
        {
            if (done) return;
            var cycle = string.Join(" → ", path.SkipWhile(p => p != id).Append(id));
            throw new ModuleLoadException($"模块依赖存在循环：{cycle}。Module dependency cycle: {cycle}.");
        }
        state[id] = false;
        path.Add(id);
        foreach (var dep in module.Manifest.Dependencies.Order(StringComparer.Ordinal))
            Visit(byId[dep], byId, state, ordered, path);
        path.RemoveAt(path.Count - 1);
        state[id] = true;
        ordered.Add(module);
    }
}

/// <summary>Raised at start when the installed modules cannot be loaded together.</summary>
public sealed class ModuleLoadException(string message) : Exception(message);
