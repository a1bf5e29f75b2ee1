using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using Platform.Core.Modules;
using Scriban;
using Scriban.Parsing;

namespace Platform.Cms.Theming;

/// <summary>A template's text and the name used in error messages.</summary>
public sealed record TemplateFile(string DisplayPath, string Text);

/// <summary>
/// Finds template text: the region's theme first, then the default theme, then the module's embedded
/// default. Names are checked against a strict pattern, so no template can reach outside the themes.
/// Parsed templates are cached until their file changes.
/// </summary>
public sealed partial class ThemeFiles(ThemeOptions options, ModuleCatalog catalog)
{
    public const string DefaultTheme = "Honor";
    private readonly ConcurrentDictionary<string, (DateTime Stamp, Template Parsed)> _parsed = new(StringComparer.Ordinal);

    public string Root => options.ThemesPath;

    public static bool IsValidName(string name) => NamePattern().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    public IEnumerable<string> ThemeNames() =>
        Directory.Exists(Root) ? Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>() : [];

    /// <summary>Loads <c>templates/{name}.sbn</c> (page templates) or any other relative path (layout, partials).</summary>
    public TemplateFile? Find(string theme, string relativePath)
    {
        if (!IsValidName(relativePath) || !IsValidName(theme)) return null;
        foreach (var candidate in new[] { theme, DefaultTheme }.Distinct(StringComparer.Ordinal))
        {
            var path = Path.Combine(Root, candidate, relativePath + ".sbn");
            if (File.Exists(path))
                return new TemplateFile($"themes/{candidate}/{relativePath}.sbn", File.ReadAllText(path));
        }
        // templates/{ModuleId}/{name}: fall back to the module's embedded default.
        var parts = relativePath.Split('/', 3);
        if (parts.Length == 3 && parts[0] == "templates" && catalog.Find(parts[1]) is { } module)
            return FromAssembly(module.GetType().Assembly, module.Manifest.Id, parts[2]);
        return null;
    }

    public Template Parse(TemplateFile file, string theme, string relativePath)
    {
        var key = theme + "|" + relativePath;
        var stamp = StampOf(theme, relativePath);
        if (_parsed.TryGetValue(key, out var cached) && cached.Stamp == stamp && stamp != DateTime.MinValue)
            return cached.Parsed;
        var parsed = Template.Parse(file.Text, file.DisplayPath, new ParserOptions { ExpressionDepthLimit = 64 });
        if (!parsed.HasErrors) _parsed[key] = (stamp, parsed);
        return parsed;
    }

    private DateTime StampOf(string theme, string relativePath)
    {
        foreach (var candidate in new[] { theme, DefaultTheme })
        {
            var path = Path.Combine(Root, candidate, relativePath + ".sbn");
            if (File.Exists(path)) return File.GetLastWriteTimeUtc(path);
        }
        return DateTime.MaxValue; // embedded resources never change while running
    }

    private static TemplateFile? FromAssembly(Assembly assembly, string moduleId, string name)
    {
        using var stream = assembly.GetManifestResourceStream($"templates/{name}.sbn");
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return new TemplateFile($"{moduleId}:templates/{name}.sbn", reader.ReadToEnd());
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_/-]{0,127}$")]
    private static partial Regex NamePattern();
}

public sealed record ThemeOptions(string ThemesPath);
