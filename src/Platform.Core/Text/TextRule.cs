using System.Buffers;
using System.Globalization;

namespace Platform.Core.Text;

/// <summary>
/// A text field's limit and kind, and the check every bound string goes through. Lengths count characters as PostgreSQL
/// counts them (Unicode code points: a rare character outside the BMP, common in Chinese names, counts once).
/// </summary>
/// <param name="MaxLength">The most characters the field takes.</param>
/// <param name="Kind">Single-line (names, titles, ids) or multi-line (notes, descriptions).</param>
public readonly record struct TextRule(int MaxLength, TextKind Kind)
{
    /// <summary>
    /// What a string that declares nothing gets: up to 2,000 characters over several lines, and none of the characters
    /// every kind refuses (NUL and the other control characters, direction overrides).
    /// </summary>
    public static TextRule Default { get; } = new(2000, TextKind.MultiLine);

    // Direction overrides and isolates reorder what is shown around them ("txt.exe" shown as "exe.txt"); C0/C1 controls
    // (NUL above all) are never typed by a person and break exports, logs and PostgreSQL's text type.
    private static readonly SearchValues<char> RefusedInMultiLine = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F" +
        "\u007F\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F" +
        "\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F" +
        "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    // A name also may not break lines, carry direction marks or hide invisible characters that make two names look alike.
    private static readonly SearchValues<char> RefusedInSingleLine = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F" +
        "\u007F\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F" +
        "\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F" +
        "\u061C\u200B\u200E\u200F\u2028\u2029\u202A\u202B\u202C\u202D\u202E\u2060\u2066\u2067\u2068\u2069\uFEFF");

    /// <summary>Null when <paramref name="value"/> passes; else the refusal, naming <paramref name="label"/>.</summary>
    public PlatformException? Problem(string? value, string label)
    {
        if (value is null) return null;
        if (value.Length > MaxLength && Characters(value) is var length && length > MaxLength)
            return PlatformException.Invalid(
                $"“{label}”最多 {Number(MaxLength)} 个字，现在是 {Number(length)} 个字，没有保存。请删减后再提交。",
                $"{label} takes at most {Number(MaxLength)} characters; this has {Number(length)}. Nothing was saved: shorten it.");
        var at = FirstRefused(value, Kind);
        if (at < 0) return null;
        var code = char.IsSurrogate(value[at]) ? "" : $"（U+{(int)value[at]:X4}）";
        var (zh, en) = Describe(value[at]);
        return Kind == TextKind.SingleLine
            ? PlatformException.Invalid(
                $"“{label}”含有{zh}{code}，这一栏只能填一行普通文字，没有保存。请删掉后重新输入；从别处复制来的文字可先粘贴到记事本里再复制过来。",
                $"{label} contains {en}; it takes one line of plain text. Nothing was saved: remove it and type the value again.")
            : PlatformException.Invalid(
                $"“{label}”含有{zh}{code}，没有保存。请删掉后重新输入；从别处复制来的文字可先粘贴到记事本里再复制过来。",
                $"{label} contains {en}. Nothing was saved: remove it and type the text again.");
    }

    /// <summary>Throws the refusal when <paramref name="value"/> does not pass.</summary>
    public void Check(string? value, string label)
    {
        if (Problem(value, label) is { } problem) throw problem;
    }

    /// <summary>The number of characters (code points) in <paramref name="value"/>: a surrogate pair counts once.</summary>
    public static int Characters(ReadOnlySpan<char> value)
    {
        var count = value.Length;
        for (var i = 0; i + 1 < value.Length; i++)
            if (char.IsHighSurrogate(value[i]) && char.IsLowSurrogate(value[i + 1]))
            {
                count--;
                i++;
            }
        return count;
    }

    /// <summary>The position of the first character <paramref name="kind"/> refuses (or of a broken surrogate pair), else -1.</summary>
    public static int FirstRefused(ReadOnlySpan<char> value, TextKind kind)
    {
        var refused = value.IndexOfAny(kind == TextKind.SingleLine ? RefusedInSingleLine : RefusedInMultiLine);
        var broken = FirstBrokenSurrogate(value);
        return refused < 0 ? broken : broken < 0 ? refused : Math.Min(refused, broken);
    }

    // Half of a surrogate pair cannot be stored as UTF-8 (PostgreSQL refuses it; elsewhere it turns into U+FFFD unseen).
    private static int FirstBrokenSurrogate(ReadOnlySpan<char> value)
    {
        var offset = 0;
        while (true)
        {
            var i = value[offset..].IndexOfAnyInRange('\uD800', '\uDFFF');
            if (i < 0) return -1;
            i += offset;
            if (!char.IsHighSurrogate(value[i]) || i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1])) return i;
            offset = i + 2;
        }
    }

    private static (string Zh, string En) Describe(char c) => c switch
    {
        '\0' => ("空字符（NUL）", "a NUL character"),
        '\n' or '\r' or '\u2028' or '\u2029' or '\u0085' => ("换行符", "a line break"),
        '\t' => ("制表符", "a tab"),
        >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C' =>
            ("看不见的文字方向控制符", "an invisible text-direction control"),
        '\u200B' or '\u2060' or '\uFEFF' => ("看不见的零宽字符", "an invisible zero-width character"),
        _ when char.IsSurrogate(c) => ("残缺的字符（不完整的表情或生僻字编码）", "a broken character (half of a surrogate pair)"),
        _ => ("看不见的控制字符", "an invisible control character"),
    };

    private static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
