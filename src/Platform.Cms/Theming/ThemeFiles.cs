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
/// Text and parse are kept until the file changes. Whether a theme file changed, appeared or went away is looked at
/// once a second per file, not on every render (a file-status call per template was a fifth of a story page): an
/// edited theme file is in use within a second.
/// </summary>
public sealed partial class ThemeFiles(ThemeOptions options, ModuleCatalog catalog, TimeProvider clock)
{
    public const string DefaultTheme = "Honor";

    /// <summary>How long a theme file's status is trusted before it is looked at again.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<(string Theme, string Path), Candidate[]> _lookups = new();
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
        var candidates = _lookups.GetOrAdd((theme, relativePath), key =>
            [.. (key.Theme == DefaultTheme ? [key.Theme] : new[] { key.Theme, DefaultTheme })
                .Select(name => new Candidate(Path.Combine(Root, name, key.Path + ".sbn"), $"themes/{name}/{key.Path}.sbn"))]);
        foreach (var candidate in candidates)
            if (Current(candidate) is { } found) return found;
        // templates/{ModuleId}/{name}: fall back to the module's embedded default (it never changes while running).
        var parts = relativePath.Split('/', 3);
        if (parts.Length == 3 && parts[0] == "templates" && catalog.Find(parts[1]) is { } module)
            return _embedded.GetOrAdd(relativePath, _ => FromAssembly(module.GetType().Assembly, module.Manifest.Id, parts[2]) is { } file ? Parsed(file) : null);
        return null;
    }

    /// <summary>A theme file's template as of its last look (null: no such file), looked at again after <see cref="Recheck"/>.</summary>
    private LoadedTemplate? Current(Candidate candidate)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var seen = Volatile.Read(ref candidate.Seen);
        if (seen is not null && now - seen.CheckedAt < Recheck.Ticks) return seen.Template;
        var info = new FileInfo(candidate.Path);
        Seen next;
        if (!info.Exists) next = new Seen(now, default, -1, null);
        else if (seen is { Template: not null } && seen.Stamp == info.LastWriteTimeUtc && seen.Length == info.Length) next = seen with { CheckedAt = now };
        else next = new Seen(now, info.LastWriteTimeUtc, info.Length, Parsed(new TemplateFile(candidate.DisplayPath, File.ReadAllText(candidate.Path))));
        Volatile.Write(ref candidate.Seen, next);
        return next.Template;
    }

    /// <summary>One place a template may be, with what was found there last.</summary>
    private sealed class Candidate(string path, string displayPath)
    {
        public readonly string Path = path;
        public readonly string DisplayPath = displayPath;
        public Seen? Seen;
    }

    private sealed record Seen(long CheckedAt, DateTime Stamp, long Length, LoadedTemplate? Template);

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
