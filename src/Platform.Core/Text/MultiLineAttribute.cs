namespace Platform.Core.Text;

/// <summary>A text field that may run over several lines (see <see cref="TextKind.MultiLine"/>).</summary>
public sealed class MultiLineAttribute(int maxLength) : TextRuleAttribute(maxLength, TextKind.MultiLine);
