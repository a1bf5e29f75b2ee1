using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.ObjectPool;
using Platform.Cms.Data;
using Platform.Core.Regions;
using Platform.Core.Text;
using Platform.Core.Theming;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Platform.Cms.Theming;

/// <summary>
/// Renders templates in a sandbox: no .NET member access, includes only from the themes, and limits
/// on loops, recursion, output size and time, because bureau staff edit these files.
/// </summary>
public sealed class ThemeRenderer(ThemeFiles files, PlatformState state, ILogger<ThemeRenderer> logger) : IThemeRenderer
{
    public const int LoopLimit = 10_000;
    public const int RecursiveLimit = 32;
    public const int OutputLimit = 2 * 1024 * 1024;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(2);

    /// <summary>
    /// One regular-expression match of a built-in function (regex.*, html.strip) stops here: the render's own time limit
    /// is checked only between statements, and a backtracking pattern inside one call would run far past it.
    /// </summary>
    public static readonly TimeSpan RegexTimeLimit = TimeSpan.FromMilliseconds(200);

    public async Task<IResult> RenderPageAsync(
        HttpContext context, string templatePath, IReadOnlyDictionary<string, object?> model, string title)
    {
        var snapshot = await state.GetAsync(context.RequestAborted);
        var regionCode = context.GetRouteValue("region") as string;
        var region = regionCode is null ? null : snapshot.ByCode.GetValueOrDefault(regionCode);
        var theme = region is null ? ThemeFiles.DefaultTheme : snapshot.ThemeOf(region.Code);
        var page = PageGlobals(context, region, snapshot, title);
        try
        {
            return InLayout(theme, "templates/" + templatePath, model, page, null);
        }
        catch (ThemeRenderException ex)
        {
            logger.LogError("Template error in {File} at line {Line}: {Message}", ex.File, ex.Line, ex.Reason);
            return ErrorPage(theme, page, StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>Renders the theme's not-found page (the region is unknown, or the module is off there).</summary>
    public async Task<IResult> NotFoundAsync(HttpContext context, string? regionCode = null)
    {
        var snapshot = await state.GetAsync(context.RequestAborted);
        var region = regionCode is null ? null : snapshot.ByCode.GetValueOrDefault(regionCode);
        var theme = region is null ? ThemeFiles.DefaultTheme : snapshot.ThemeOf(region.Code);
        var page = PageGlobals(context, region, snapshot, Bilingual.T("页面不存在", "Page not found"));
        try
        {
            return InLayout(theme, "templates/Core/not-found", new Dictionary<string, object?>(), page, StatusCodes.Status404NotFound);
        }
        catch (ThemeRenderException ex)
        {
            logger.LogError("Template error in {File} at line {Line}: {Message}", ex.File, ex.Line, ex.Reason);
            return ErrorPage(theme, page, StatusCodes.Status404NotFound);
        }
    }

    /// <summary>Renders one template with the sandbox's limits; throws <see cref="ThemeRenderException"/> naming file and line.</summary>
    public string Render(string theme, string path, IReadOnlyDictionary<string, object?> model, ScriptObject? page = null) =>
        RenderTo(theme, path, model, page, new LimitedOutput(OutputLimit)).Text;

    /// <summary>
    /// Page buffers, reused: the body's goes back as soon as the layout has copied it, the page's once
    /// <see cref="HtmlResult"/> has written it to the response. A buffer grown past 64 K characters is not kept.
    /// </summary>
    private static readonly ObjectPool<StringBuilder> Buffers = new DefaultObjectPool<StringBuilder>(
        new StringBuilderPooledObjectPolicy { InitialCapacity = 8 * 1024, MaximumRetainedCapacity = 64 * 1024 }, 4 * Environment.ProcessorCount);

    /// <summary>The page template, then the theme's layout around it (<c>content</c>), as one HTML result.</summary>
    private HtmlResult InLayout(string theme, string path, IReadOnlyDictionary<string, object?> model, ScriptObject page, int? status)
    {
        var body = Buffers.Get();
        try
        {
            RenderTo(theme, path, model, page, new LimitedOutput(OutputLimit, body));
            var html = RenderTo(theme, "layout", new Dictionary<string, object?> { ["content"] = new RenderedHtml(body) }, page, new LimitedOutput(OutputLimit, Buffers.Get()));
            return new HtmlResult(html.Builder, status, Buffers);
        }
        finally
        {
            Buffers.Return(body);
        }
    }

    private LimitedOutput RenderTo(string theme, string path, IReadOnlyDictionary<string, object?> model, ScriptObject? page, LimitedOutput output)
    {
        var (file, template) = files.Load(theme, path)
            ?? throw new ThemeRenderException($"themes/{theme}/{path}.sbn", 0, "template not found");
        if (template.HasErrors)
        {
            var first = template.Messages.First(m => m.Type == ParserMessageType.Error);
            throw new ThemeRenderException(file.DisplayPath, first.Span.Start.Line + 1, first.Message);
        }

        using var timeout = new CancellationTokenSource(TimeLimit);
        var context = TakeSandbox();
        context.TemplateLoader = new ThemeTemplateLoader(files, theme);
        context.CancellationToken = timeout.Token;
        context.PushOutput(output);
        var globals = new ScriptObject();
        if (page is not null) globals["page"] = page;
        var values = TemplateValues.ToScriptObject(model);
        globals["model"] = values;
        foreach (var key in model.Keys) globals[key] = values[key];
        context.PushGlobal(globals);
        try
        {
            template.Render(context);
            GiveBack(context);
            return output;
        }
        catch (ScriptRuntimeException ex)
        {
            throw new ThemeRenderException(ex.Span.FileName ?? file.DisplayPath, ex.Span.Start.Line + 1, ex.OriginalMessage);
        }
        catch (OperationCanceledException)
        {
            throw new ThemeRenderException(file.DisplayPath, 0, $"rendering took longer than {TimeLimit.TotalSeconds} s");
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ThemeRenderException(
                file.DisplayPath, 0, $"a regular expression took longer than {RegexTimeLimit.TotalMilliseconds} ms");
        }
        catch (OutputLimitException)
        {
            throw new ThemeRenderException(file.DisplayPath, 0, $"output is larger than {OutputLimit} characters");
        }
    }

    /// <summary>
    /// Scriban's built-in functions (string, array, date…), made once: building them for every render cost more than
    /// rendering a page. Shared by every render; templates cannot change them (their members are read-only).
    /// </summary>
    private static readonly ScriptObject Builtins = TemplateContext.GetDefaultBuiltinObject();

    /// <summary>
    /// One idle sandbox per thread, reused by the next render on it: a new Scriban context cost about 21 KB and its set-up
    /// on every render (two per page). A render takes it (a render started inside it, on the same thread, makes its own)
    /// and gives it back only when it finished without an error, reset to a fresh context's state (no globals, no
    /// output, no cached includes); one that failed part-way is dropped.
    /// </summary>
    [ThreadStatic] private static TemplateContext? t_idleSandbox;

    private static TemplateContext TakeSandbox()
    {
        var context = t_idleSandbox;
        t_idleSandbox = null;
        if (context is not null) return context;
        context = NewSandbox(null, CancellationToken.None);
        // HTML is written as the templates and values have it: Scriban's automatic indentation would re-indent every line
        // of a value written after indented template text (a pre block, a textarea, a rendered body inside the layout)
        // and split each write at its line ends to do so.
        context.AutoIndent = false;
        return context;
    }

    private static void GiveBack(TemplateContext context)
    {
        context.Reset();
        context.TemplateLoader = null;
        context.CancellationToken = CancellationToken.None;
        t_idleSandbox = context;
    }

    /// <summary>
    /// A Scriban context that cannot reach .NET members and stops at the loop, recursion, size and time limits;
    /// includes only through <paramref name="loader"/> (none: includes fail). Themes and notification templates use it.
    /// </summary>
    public static TemplateContext NewSandbox(ITemplateLoader? loader, CancellationToken timeout) => new SandboxContext(Builtins)
    {
        LoopLimit = LoopLimit,
        RecursiveLimit = RecursiveLimit,
        ObjectRecursionLimit = 16,
        LimitToString = OutputLimit,
        MemberFilter = _ => false,
        TemplateLoader = loader,
        CancellationToken = timeout,
        RegexTimeOut = RegexTimeLimit,
        StrictVariables = false,
    };

    private IResult ErrorPage(string theme, ScriptObject page, int status)
    {
        try
        {
            var body = Render(theme, "templates/Core/error", new Dictionary<string, object?>(), page);
            return Results.Content(body, "text/html; charset=utf-8", Encoding.UTF8, status);
        }
        catch (ThemeRenderException ex)
        {
            logger.LogError("The error view itself failed in {File} at line {Line}: {Message}", ex.File, ex.Line, ex.Reason);
            return Results.Content(
                "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>页面出错</title><h1>页面出错</h1><p>页面模板有误，管理员可在日志中查看详情。请稍后再试。</p></html>",
                "text/html; charset=utf-8", Encoding.UTF8, status);
        }
    }

    private static ScriptObject PageGlobals(HttpContext context, RegionInfo? region, StateSnapshot snapshot, string title)
    {
        var page = new ScriptObject
        {
            ["title"] = System.Net.WebUtility.HtmlEncode(title),
            ["lang"] = Bilingual.IsEnglish ? "en" : "zh-CN",
            ["path"] = System.Net.WebUtility.HtmlEncode(context.Request.Path.Value ?? "/"),
        };
        if (region is not null)
        {
            var chain = Regions.RegionDirectory.Ancestry(snapshot, region.Code);
            chain.Reverse();
            page["region"] = TemplateValues.Convert(new { region.Code, region.Name, region.Level, Url = $"/r/{region.Code}/" }, 0);
            page["breadcrumbs"] = TemplateValues.Convert(chain.Select(r => new { r.Code, r.Name, Url = $"/r/{r.Code}/" }), 0);
        }
        return page;
    }
}

/// <summary>
/// An HTML page written as UTF-8 straight from the renderer's buffer into the response, with its length (no page-sized
/// string or byte array per request, no content-type parsing or encoding lookup).
/// </summary>
/// <param name="statusCode">Null keeps the status already set (200 unless a caller wrapping the result set another).</param>
/// <param name="pool">Where the buffer goes back once written; such a result can be written once only.</param>
public sealed class HtmlResult(StringBuilder html, int? statusCode, ObjectPool<StringBuilder>? pool = null) : IResult
{
    private StringBuilder? _html = html;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var html = (pool is null ? _html : Interlocked.Exchange(ref _html, null))
            ?? throw new InvalidOperationException("This page was written already; its buffer has gone back to the pool.");
        try
        {
            await WriteAsync(httpContext, html);
        }
        finally
        {
            pool?.Return(html);
        }
    }

    private async Task WriteAsync(HttpContext httpContext, StringBuilder html)
    {
        var response = httpContext.Response;
        if (statusCode is { } status) response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        // One encoder across the chunks, so a surrogate pair split between two chunks is encoded as one character.
        var counter = Encoding.UTF8.GetEncoder();
        long length = 0;
        foreach (var chunk in html.GetChunks()) length += counter.GetByteCount(chunk.Span, flush: false);
        length += counter.GetByteCount([], flush: true);
        response.ContentLength = length;
        var writer = response.BodyWriter;
        var encoder = Encoding.UTF8.GetEncoder();
        foreach (var chunk in html.GetChunks()) encoder.Convert(chunk.Span, writer, flush: false, out _, out _);
        encoder.Convert([], writer, flush: true, out _, out _);
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}

/// <summary>A template failed; the log gets the file and line, the visitor gets the theme's error view.</summary>
public sealed class ThemeRenderException(string file, int line, string reason)
    : Exception($"{file}({line}): {reason}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Reason { get; } = reason;
}
