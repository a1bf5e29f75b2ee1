using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Platform.Cms.Theming;

/// <summary>
/// Resolves <c>include "partials/x"</c> inside the current theme (then the default theme) and nowhere else. A partial
/// that parsed cleanly is handed to Scriban already parsed (from <see cref="ThemeFiles"/>' cache), so a page does not
/// read and parse its partials again on every request; one with errors goes through Scriban's own parse, which
/// reports them with file and line.
/// </summary>
public sealed class ThemeTemplateLoader(ThemeFiles files, string theme) : ITemplateLoader
{
    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName)
    {
        if (!ThemeFiles.IsValidName(templateName))
            throw new ScriptRuntimeException(callerSpan, $"include \"{templateName}\" is not allowed: use a name like partials/header");
        if (files.Load(theme, templateName) is { Parsed.HasErrors: false } loaded)
            context.CachedTemplates[templateName] = loaded.Parsed;
        return templateName;
    }

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        files.Find(theme, templatePath)?.Text
        ?? throw new ScriptRuntimeException(callerSpan, $"include \"{templatePath}\" was not found in theme {theme}");

    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        ValueTask.FromResult<string?>(Load(context, callerSpan, templatePath));
}

/// <summary>Collects output and stops the template when it grows past the limit.</summary>
/// <remarks>
/// Scriban's <c>Template.Render</c> returns <c>Output.ToString()</c>, which callers here do not use: this class keeps
/// object's <c>ToString</c> so that the page is not copied for nothing. Read <see cref="Text"/> or write
/// <see cref="Builder"/> out directly.
/// </remarks>
public sealed class LimitedOutput(int limit, System.Text.StringBuilder? builder = null) : IScriptOutput
{
    /// <summary>What was written so far (after what <paramref name="builder"/> held already, normally nothing).</summary>
    public System.Text.StringBuilder Builder { get; } = builder ?? new(8 * 1024); // a page's size: no growing step by step

    /// <summary>What was written, as one string.</summary>
    public string Text => Builder.ToString();

    public void Write(string text, int offset, int count)
    {
        if (Builder.Length + count > limit) throw new OutputLimitException();
        Builder.Append(text, offset, count);
    }

    /// <summary>Appends already rendered output (a page's body inside its layout) without making it one string.</summary>
    public void Write(System.Text.StringBuilder text)
    {
        if (Builder.Length + text.Length > limit) throw new OutputLimitException();
        Builder.Append(text);
    }

    public ValueTask WriteAsync(string text, int offset, int count, CancellationToken cancellationToken)
    {
        Write(text, offset, count);
        return ValueTask.CompletedTask;
    }
}

public sealed class OutputLimitException() : Exception("Template output limit reached.");

/// <summary>The sandbox's Scriban context: writes a <see cref="RenderedHtml"/> body into the output chunk by chunk.</summary>
internal sealed class SandboxContext(ScriptObject builtins) : TemplateContext(builtins)
{
    public override TemplateContext Write(SourceSpan span, object? textAsObject)
    {
        if (textAsObject is RenderedHtml html && EnableOutput && Output is LimitedOutput output)
        {
            output.Write(html.Html);
            return this;
        }
        return base.Write(span, textAsObject);
    }
}
