namespace Platform.Core.Text;

/// <summary>What a text field may hold besides ordinary characters.</summary>
public enum TextKind
{
    /// <summary>
    /// One line: names of people, organisations and regions, titles, display names, codes and ids. No control
    /// characters at all (no line breaks or tabs), no direction marks or overrides, no invisible spaces.
    /// </summary>
    SingleLine,

    /// <summary>Text that may run over several lines (notes, descriptions, bodies): tab and line breaks allowed.</summary>
    MultiLine,
}
