using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Platform.Core.Text;

/// <summary>
/// Checks every string a request carries against its <see cref="TextRule"/>: a string itself, the string properties of
/// a request object (records' positional parameters included), strings in lists, and request objects nested in them.
/// The host runs it on every bound argument of every API endpoint and admin page handler, before the handler.
/// </summary>
public static class TextValidator
{
    private const int MaxDepth = 8;

    private sealed record Field(PropertyInfo Property, string Label, TextRule? Rule);

    private static readonly ConcurrentDictionary<Type, Field[]> Plans = new();

    /// <summary>Throws the refusal for the first string in <paramref name="value"/> that breaks its rule.</summary>
    /// <param name="value">A string, a list, or a request object.</param>
    /// <param name="label">What the person calls the value (used when it is a string or a list of strings).</param>
    /// <param name="rule">The value's own rule (a declared parameter); <see cref="TextRule.Default"/> when null.</param>
    public static void Validate(object? value, string label, TextRule? rule = null)
    {
        if (Problem(value, label, rule) is { } problem) throw problem;
    }

    /// <summary>The refusal for the first string in <paramref name="value"/> that breaks its rule, or null.</summary>
    public static PlatformException? Problem(object? value, string label, TextRule? rule = null) => Walk(value, label, rule, 0);

    /// <summary>Whether a bound value of this type carries text the validator checks (strings, lists, request objects).</summary>
    public static bool Carries(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return true;
        if (ElementType(type) is { } element) return Carries(element);
        return IsRequestObject(type);
    }

    /// <summary>The rule declared on a property, or on the record parameter the property was made from; null if none.</summary>
    public static TextRuleAttribute? Declared(PropertyInfo property) =>
        property.GetCustomAttribute<TextRuleAttribute>(inherit: true)
        ?? property.DeclaringType?.GetConstructors()
            .SelectMany(c => c.GetParameters())
            .Where(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase))
            .Select(p => p.GetCustomAttribute<TextRuleAttribute>())
            .FirstOrDefault(a => a is not null);

    /// <summary>The properties of a request type that hold text (strings, lists of them, nested request objects).</summary>
    public static IEnumerable<PropertyInfo> TextProperties(Type type) => Plan(type).Select(f => f.Property);

    /// <summary>The label a person sees for a property: the declared one, else its <see cref="DisplayAttribute"/>, else its name.</summary>
    public static string LabelOf(PropertyInfo property) =>
        Declared(property)?.Label ?? property.GetCustomAttribute<DisplayAttribute>()?.Name ?? property.Name;

    private static PlatformException? Walk(object? value, string label, TextRule? rule, int depth)
    {
        switch (value)
        {
            case null:
                return null;
            case string text:
                return (rule ?? TextRule.Default).Problem(text, label);
            case IDictionary:
                return null; // not a bound request shape
            case IEnumerable items when depth < MaxDepth:
                foreach (var item in items)
                    if (Walk(item, label, rule, depth + 1) is { } problem) return problem;
                return null;
        }
        if (depth >= MaxDepth || !IsRequestObject(value.GetType())) return null;
        foreach (var field in Plan(value.GetType()))
            if (Walk(field.Property.GetValue(value), field.Label, field.Rule, depth + 1) is { } problem) return problem;
        return null;
    }

    private static Field[] Plan(Type type) => Plans.GetOrAdd(type, static t => [..
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && Carries(p.PropertyType))
            .Select(p => new Field(p, LabelOf(p), Declared(p)?.Rule))]);

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string) || typeof(IDictionary).IsAssignableFrom(type)) return null;
        if (type.IsArray) return type.GetElementType();
        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    // The platform's own request types; framework types (streams, uploaded files, principals) carry no typed text.
    private static bool IsRequestObject(Type type) =>
        !type.IsPrimitive && !type.IsEnum && !type.IsPointer && !typeof(Delegate).IsAssignableFrom(type)
        && type.Namespace is { } ns
        && !ns.StartsWith("System", StringComparison.Ordinal) && !ns.StartsWith("Microsoft", StringComparison.Ordinal)
        && ElementType(type) is null;
}
