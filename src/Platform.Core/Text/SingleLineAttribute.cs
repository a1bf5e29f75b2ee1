namespace Platform.Core.Text;

/// <summary>A one-line text field: a name, title, code or id (see <see cref="TextKind.SingleLine"/>).</summary>
public sealed class SingleLineAttribute(int maxLength) : TextRuleAttribute(maxLength, TextKind.SingleLine);
