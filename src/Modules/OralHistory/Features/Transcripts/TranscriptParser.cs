using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Modules.OralHistory.Features.Transcripts;

/// <summary>A line of an imported file that could not be read, with what to do about it.</summary>
public sealed record TranscriptRowError(int Line, string Message);

public sealed record TranscriptImport(Transcript Transcript, IReadOnlyList<TranscriptRowError> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Reads a plain-text transcript: a line starting with a time (<c>[00:01:23] text</c>, <c>00:01:23 text</c>, or
/// minutes and seconds <c>[01:23]</c>) starts a segment; the lines after it continue it. Inside a segment, lines
/// starting with <c>标题：</c>, <c>关键词：</c> or <c>提要：</c> set its title, keywords and synopsis. Every bad line
/// is reported with its number, so the editor fixes the file once.
/// </summary>
public static partial class TranscriptParser
{
    public const int MaxSegments = 2000;

    [GeneratedRegex(@"^\s*(?:\[(?<t>[0-9:：.]+)\]|(?<t>\d{1,2}[:：]\d{1,2}(?:[:：]\d{1,2})?)(?=\s|$))\s*(?<rest>.*)$")]
    private static partial Regex TimedLine();

    [GeneratedRegex(@"^(?<key>标题|关键词|关键字|提要|摘要)\s*[:：]\s*(?<value>.*)$")]
    private static partial Regex FieldLine();

    public static TranscriptImport Parse(string text)
    {
        var errors = new List<TranscriptRowError>();
        var segments = new List<Builder>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].Trim().TrimStart('\uFEFF');
            if (line.Length == 0) continue;
            var timed = TimedLine().Match(line);
            if (timed.Success)
            {
                var raw = timed.Groups["t"].Value;
                if (ReadTime(raw) is not { } seconds)
                {
                    errors.Add(new(number, $"第 {number} 行：时间“{raw}”无法识别。请写成 [时:分:秒] 或 [分:秒]，例如 [00:01:23]，分和秒在 00–59 之间。"));
                    continue;
                }
                if (segments.Count > 0 && seconds <= segments[^1].Start)
                {
                    errors.Add(new(number, $"第 {number} 行：时间 {raw} 不晚于上一段的 {TranscriptSegment.FormatTime(segments[^1].Start)}。各段时间应逐段递增，请检查是否写错或顺序颠倒。"));
                    continue;
                }
                if (segments.Count == MaxSegments)
                {
                    errors.Add(new(number, $"第 {number} 行：段落超过 {MaxSegments} 段，请拆分文件。"));
                    break;
                }
                segments.Add(new Builder(seconds));
                if (timed.Groups["rest"].Value is { Length: > 0 } rest) segments[^1].Add(rest);
                continue;
            }
            if (segments.Count == 0)
            {
                errors.Add(new(number, $"第 {number} 行：这行文字前面还没有时间码。请在第一段开头写上时间，例如 [00:00:00] {Clip(line)}"));
                continue;
            }
            var field = FieldLine().Match(line);
            if (field.Success) segments[^1].Set(field.Groups["key"].Value, field.Groups["value"].Value.Trim());
            else segments[^1].Add(line);
        }
        if (segments.Count == 0 && errors.Count == 0)
            errors.Add(new(0, "文件中没有带时间码的段落。每段请以时间开头，例如：[00:01:23] 那年我十七岁……"));
        return new TranscriptImport(new Transcript(segments.Select(s => s.Build()).ToList()), errors);
    }

    /// <summary>Seconds from <c>h:mm:ss</c> or <c>mm:ss</c> (full-width colons accepted), or null.</summary>
    public static int? ReadTime(string raw)
    {
        var parts = raw.Replace('：', ':').Split(':');
        if (parts.Length is < 2 or > 3) return null;
        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (parts[i].Length is 0 or > 2 || !int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i])) return null;
        var (h, m, s) = parts.Length == 3 ? (numbers[0], numbers[1], numbers[2]) : (0, numbers[0], numbers[1]);
        return m > 59 || s > 59 ? null : h * 3600 + m * 60 + s;
    }

    private static string Clip(string line) => line.Length <= 20 ? line : line[..20] + "…";

    private sealed class Builder(int start)
    {
        private readonly List<string> _text = [];
        private string? _title;
        private string _synopsis = "";
        private IReadOnlyList<string> _keywords = [];

        public int Start { get; } = start;

        public void Add(string line) => _text.Add(line);

        public void Set(string key, string value)
        {
            switch (key)
            {
                case "标题": _title = value; break;
                case "提要" or "摘要": _synopsis = value; break;
                default: _keywords = value.Split([',', '，', '、', ';', '；', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
            }
        }

        public TranscriptSegment Build()
        {
            var text = string.Join("\n", _text);
            var title = _title is { Length: > 0 } t ? t : text.Length == 0 ? TranscriptSegment.FormatTime(Start) : text.Length <= 16 ? text : text[..16] + "…";
            return new TranscriptSegment(Start, title, _keywords, _synopsis, text);
        }
    }
}
