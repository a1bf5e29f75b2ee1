using Microsoft.AspNetCore.Http;

namespace Platform.Core.Theming;

/// <summary>
/// Renders a public page through the region's theme. the template path names a template as
/// <c>{ModuleId}/{name}</c>; the theme may override it at <c>themes/{Theme}/templates/{ModuleId}/{name}.sbn</c>,
/// otherwise the module's embedded default is used.
/// </summary>
public interface IThemeRenderer
{
    /// <summary>Renders the template inside the theme's layout as an HTML result.</summary>
    /// <param name="context">The current request (its region and culture pick theme and language).</param>
    /// <param name="templatePath">Template path, e.g. <c>OralHistory/story</c>.</param>
    /// <param name="model">Values for the template: strings, numbers, booleans, dates, dictionaries and lists of them.</param>
    /// <param name="title">The page title.</param>
    Task<IResult> RenderPageAsync(HttpContext context, string templatePath, IReadOnlyDictionary<string, object?> model, string title);
}
