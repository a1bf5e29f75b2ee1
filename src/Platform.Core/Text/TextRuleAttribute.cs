namespace Platform.Core.Text;

/// <summary>
/// Declares a text field's limit and kind on a request type's property (or a record's positional parameter, or a
/// handler's parameter). The platform checks every bound string against it before a handler runs: see
/// <see cref="TextValidator"/>. A string without one gets <see cref="TextRule.Default"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field, Inherited = true)]
public abstract class TextRuleAttribute(int maxLength, TextKind kind) : Attribute
{
    /// <summary>The most characters (UTF-16 code units) the field takes.</summary>
    public int MaxLength { get; } = maxLength > 0 ? maxLength : throw new ArgumentOutOfRangeException(nameof(maxLength));

    /// <summary>Single-line or multi-line.</summary>
    public TextKind Kind { get; } = kind;

    /// <summary>The field's name as the person sees it on the form (Chinese), used in the refusal.</summary>
    public string? Label { get; set; }

    /// <summary>The rule this declares.</summary>
    public TextRule Rule => new(MaxLength, Kind);
}
