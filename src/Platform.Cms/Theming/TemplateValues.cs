using System.Collections;
using System.Linq.Expressions;
using System.Net;
using System.Reflection;
using Scriban.Runtime;

namespace Platform.Cms.Theming;

/// <summary>HTML that has already been sanitised or built by code; passed to templates without escaping.</summary>
public sealed record TrustedHtml(string Html);

/// <summary>
/// A page's body as the renderer wrote it, handed to the layout as <c>content</c>: written into the layout's output
/// chunk by chunk (see <see cref="ThemeRenderer.NewSandbox"/>), never made into one string unless a template asks.
/// </summary>
public sealed class RenderedHtml(System.Text.StringBuilder html)
{
    public System.Text.StringBuilder Html { get; } = html;

    public override string ToString() => Html.ToString();
}

/// <summary>
/// Copies a page model into plain Scriban values before any template sees it: strings HTML-escaped
/// (unless <see cref="TrustedHtml"/>), numbers, booleans, dates, objects and lists. Templates never
/// touch a live .NET object, so they cannot call methods or walk into services.
/// </summary>
public static class TemplateValues
{
    private const int MaxDepth = 8;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, (string Name, Func<object, object?> Get)[]> Properties = new();

    /// <summary>
    /// A type's public instance properties under their template names, each with a compiled getter, made once per type
    /// (reflection's <c>GetValue</c> on every property of every model object was a fifth of copying a page's model).
    /// </summary>
    private static (string Name, Func<object, object?> Get)[] ReadableProperties(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null)
            .Select(p => (StandardMemberRenamer.Default(p), Getter(type, p)))];

    private static Func<object, object?> Getter(Type type, PropertyInfo property)
    {
        var target = Expression.Parameter(typeof(object));
        var read = Expression.Property(Expression.Convert(target, type), property);
        return Expression.Lambda<Func<object, object?>>(Expression.Convert(read, typeof(object)), target).Compile();
    }

    public static ScriptObject ToScriptObject(IReadOnlyDictionary<string, object?> values)
    {
        var result = new ScriptObject(values.Count, StringComparer.Ordinal);
        foreach (var (key, value) in values)
            result[key] = Convert(value, 0);
        return result;
    }

    public static object? Convert(object? value, int depth)
    {
        if (depth > MaxDepth) throw new InvalidOperationException("Template model is nested too deeply.");
        switch (value)
        {
            case null: return null;
            case string s: return WebUtility.HtmlEncode(s);
            case TrustedHtml h: return h.Html;
            case RenderedHtml: return value;
            case bool or int or long or double or decimal or float or short or byte: return value;
            case DateTime or DateTimeOffset: return value;
            case Enum e: return e.ToString();
            case ScriptObject or ScriptArray: return value;
            case IDictionary dictionary:
            {
                var obj = new ScriptObject(dictionary.Count, StringComparer.Ordinal);
                foreach (DictionaryEntry entry in dictionary)
                    obj[System.Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? ""] = Convert(entry.Value, depth + 1);
                return obj;
            }
            case IEnumerable sequence:
            {
                var array = new ScriptArray();
                foreach (var item in sequence) array.Add(Convert(item, depth + 1));
                return array;
            }
            default:
            {
                var properties = Properties.GetOrAdd(value.GetType(), ReadableProperties);
                var obj = new ScriptObject(properties.Length, StringComparer.Ordinal);
                foreach (var (name, get) in properties)
                    obj[name] = Convert(get(value), depth + 1);
                return obj;
            }
        }
    }
}
