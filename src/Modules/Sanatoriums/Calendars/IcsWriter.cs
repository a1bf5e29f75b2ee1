using System.Text;

namespace Platform.Modules.Sanatoriums.Calendars;

/// <summary>
/// Writes RFC 5545 text: CRLF line ends, content lines folded at 75 octets (never inside a UTF-8 character),
/// TEXT values escaped (backslash, semicolon, comma, newline).
/// </summary>
public sealed class IcsWriter
{
    private readonly StringBuilder text = new();

    public IcsWriter Line(string name, string value)
    {
        var line = name + ":" + value;
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            // The first line holds 75 octets; each continuation starts with a space, leaving 74.
            if (octets + size > 75)
            {
                text.Append("\r\n ");
                octets = 1;
            }
            text.Append(rune.ToString());
            octets += size;
        }
        text.Append("\r\n");
        return this;
    }

    public IcsWriter Text(string name, string value) => Line(name, Escape(value));

    public static string Escape(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\n", StringComparison.Ordinal);

    public static string Date(DateOnly day) => day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    public static string Utc(DateTime at) => at.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => text.ToString();
}
