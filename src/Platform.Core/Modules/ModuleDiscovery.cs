using System.Reflection;

namespace Platform.Core.Modules;

/// <summary>
/// Finds modules in the assemblies the host references: every <c>Platform.Modules.*.dll</c> beside the host
/// (Contracts assemblies excluded), plus any assembly named explicitly (tests add their fixture modules so).
/// </summary>
public static class ModuleDiscovery
{
    /// <summary>File-name prefix of module assemblies.</summary>
    public const string AssemblyPrefix = "Platform.Modules.";

    /// <summary>Module assemblies present in <paramref name="directory"/>.</summary>
    public static IReadOnlyList<Assembly> FindAssemblies(string directory, IEnumerable<string>? extraAssemblyNames = null)
    {
        var names = Directory.EnumerateFiles(directory, AssemblyPrefix + "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(n => !n.EndsWith(".Contracts", StringComparison.Ordinal))
            .Concat(extraAssemblyNames ?? [])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return names.Select(n => Assembly.Load(new AssemblyName(n))).ToList();
    }

    /// <summary>Instantiates every concrete <see cref="PlatformModule"/> in the assemblies.</summary>
    public static IEnumerable<PlatformModule> CreateModules(IEnumerable<Assembly> assemblies) =>
        assemblies
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => typeof(PlatformModule).IsAssignableFrom(t) && t is { IsAbstract: false, IsClass: true })
            .Select(t => (PlatformModule)(Activator.CreateInstance(t)
                ?? throw new ModuleLoadException($"无法创建模块 {t.FullName}。Cannot create module {t.FullName}.")));
}
