using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using Platform.Core.Modules;
using Scriban;
using Scriban.Parsing;

namespace Platform.Cms.Theming;

/// <summary>A template's text and the name used in error messages.</summary>
public sealed record TemplateFile(string DisplayPath, string Text);

/// <summary>A template's text and parse, as found for a theme.</summary>
public sealed record LoadedTemplate(TemplateFile File, Template Parsed);

/// <summary>
/// Finds template text: the region's theme first, then the default theme, then the module's embedded
/// default. Names are checked against a strict pattern, so no template can reach outside the themes.
/// Text and parse are kept until the file changes: a lookup costs one file-status call per candidate
/// (an edited or newly added theme file is used on the next request), never a read or a parse.
/// </summary>
public sealed partial class ThemeFiles(ThemeOptions options, ModuleCatalog catalog)
{
    public const string DefaultTheme = "Honor";
    private readonly ConcurrentDictionary<string, (DateTime Stamp, long Length, LoadedTemplate Template)> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LoadedTemplate?> _embedded = new(StringComparer.Ordinal);

    public string Root => options.ThemesPath;

    public static bool IsValidName(string name) => NamePattern().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    public IEnumerable<string> ThemeNames() =>
        Directory.Exists(Root) ? Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>() : [];

    /// <summary>Loads <c>templates/{name}.sbn</c> (page templates) or any other relative path (layout, partials).</summary>
    public TemplateFile? Find(string theme, string relativePath) => Load(theme, relativePath)?.File;

    /// <summary>The template with its parse (which may hold errors); null when no theme and no module has it.</summary>
    public LoadedTemplate? Load(string theme, string relativePath)
    {
        if (!IsValidName(relativePath) || !IsValidName(theme)) return null;
        foreach (var candidate in theme == DefaultTheme ? [theme] : new[] { theme, DefaultTheme })
        {
            var path = Path.Combine(Root, candidate, relativePath + ".sbn");
            var info = new FileInfo(path);
            if (!info.Exists) continue;
            var (stamp, length) = (info.LastWriteTimeUtc, info.Length);
            if (_files.TryGetValue(path, out var cached) && cached.Stamp == stamp && cached.Length == length) return cached.Template;
            var loaded = Parsed(new TemplateFile($"themes/{candidate}/{relativePath}.sbn", File.ReadAllText(path)));
            _files[path] = (stamp, length, loaded);
            return loaded;
        }
        // templates/{ModuleId}/{name}: fall back to the module's embedded default (it never changes while running).
        var parts = relativePath.Split('/', 3);
        if (parts.Length == 3 && parts[0] == "templates" && catalog.Find(parts[1]) is { } module)
            return _embedded.GetOrAdd(relativePath, _ => FromAssembly(module.GetType().Assembly, module.Manifest.Id, parts[2]) is { } file ? Parsed(file) : null);
        return null;
    }

    private static LoadedTemplate Parsed(TemplateFile file) =>
        new(file, Template.Parse(file.Text, file.DisplayPath, new ParserOptions { ExpressionDepthLimit = 64 }));

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
