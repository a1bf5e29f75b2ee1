using System.Text;

namespace Platform.Core.Text;

/// <summary>
/// What a listing shows of a stored text: one line, at most a given number of characters, cut with "…". A list shows
/// many records; a record stored before the length limits (or a long note) must not make the whole page fail.
/// </summary>
public static class TextSummary
{
    /// <summary>
    /// The text with its runs of white space (line breaks included) made one space, cut to <paramref name="max"/>
    /// characters (never between the halves of a surrogate pair); null stays null.
    /// </summary>
    public static string? Clip(string? text, int max)
    {
        if (text is null) return null;
        var line = new StringBuilder(Math.Min(text.Length, max + 1));
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = line.Length > 0;
                continue;
            }
            if (space) line.Append(' ');
            space = false;
            line.Append(c);
            if (line.Length > max) break;
        }
        if (line.Length <= max) return line.ToString();
        var cut = max - 1;
        if (cut > 0 && char.IsHighSurrogate(line[cut - 1])) cut--;
        return line.ToString(0, cut) + "…";
    }
}
