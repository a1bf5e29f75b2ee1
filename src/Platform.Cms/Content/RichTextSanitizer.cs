using Ganss.Xss;
using Platform.Core.Content;

namespace Platform.Cms.Content;

/// <summary>
/// Keeps the HTML an editor needs for a life story (paragraphs, headings, emphasis, lists, quotes, links, images,
/// simple tables) and drops everything else: script, style, frames, forms, event handlers, <c>style</c> attributes,
/// and links or images whose address is not http(s), mailto or site-relative (so no <c>javascript:</c> or <c>data:</c>).
/// </summary>
public sealed class RichTextSanitizer : Platform.Core.Content.IHtmlSanitizer
{
    private readonly HtmlSanitizer _sanitizer = new(new HtmlSanitizerOptions
    {
        AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote", "ul", "ol", "li",
            "a", "img", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td", "hr", "span", "mark",
        },
        AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src", "alt", "title", "colspan", "rowspan", "lang" },
        AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
        UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
        AllowedCssProperties = new HashSet<string>(),
    });

    public string Sanitize(string html) => _sanitizer.Sanitize(html ?? "");
}
