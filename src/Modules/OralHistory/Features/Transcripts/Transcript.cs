using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Modules.OralHistory.Features.Stories;

namespace Platform.Modules.OralHistory.Features.Transcripts;

/// <summary>One part of an interview: where it starts in the recording (seconds), its title, keywords, synopsis and words.</summary>
public sealed record TranscriptSegment(int Start, string Title, IReadOnlyList<string> Keywords, string Synopsis, string Text)
{
    /// <summary>The start as the reader sees it: 01:23 or 1:02:03.</summary>
    public string StartText => FormatTime(Start);

    public static string FormatTime(int seconds) => seconds >= 3600
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:00}:{seconds % 60:00}");
}

/// <summary>A time-coded transcript and index, stored in the story's <c>transcript</c> field as JSON.</summary>
public sealed record Transcript(IReadOnlyList<TranscriptSegment> Segments)
{
    public static Transcript Empty { get; } = new([]);

    /// <summary>All the words, for search.</summary>
    public string PlainText => string.Join("\n", Segments.Select(s => string.Join(" ", new[] { s.Title, s.Synopsis, string.Join(" ", s.Keywords), s.Text }.Where(x => x.Length > 0))));

    public JsonObject ToJson() => new()
    {
        ["segments"] = new JsonArray(Segments.Select(s => (JsonNode?)new JsonObject
        {
            ["start"] = s.Start,
            ["title"] = s.Title,
            ["keywords"] = new JsonArray(s.Keywords.Select(k => (JsonNode?)k).ToArray()),
            ["synopsis"] = s.Synopsis,
            ["text"] = s.Text,
        }).ToArray()),
    };

    /// <summary>
    /// The transcript at a <see cref="Utf8JsonReader"/> standing on its value (left on its last token): its segments in
    /// order of start (equal starts keep their order); anything but an object with a list of segments is no transcript.
    /// </summary>
    internal static Transcript Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return Empty;
        }
        List<TranscriptSegment>? segments = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSegments = reader.ValueTextEquals("segments"u8);
            reader.Read();
            if (isSegments && reader.TokenType == JsonTokenType.StartArray) segments = ReadSegments(ref reader);
            else reader.Skip();
        }
        if (segments is null) return Empty;
        for (var i = 1; i < segments.Count; i++)
            if (segments[i].Start < segments[i - 1].Start) return new Transcript([.. segments.OrderBy(s => s.Start)]);
        return new Transcript(segments);
    }

    private static List<TranscriptSegment> ReadSegments(ref Utf8JsonReader reader)
    {
        List<TranscriptSegment> segments = [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            var start = 0;
            string? title = null, synopsis = null, text = null;
            List<string>? keywords = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader;
                reader.Read();
                if (name.ValueTextEquals("start"u8))
                {
                    start = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var s) ? s : 0;
                    reader.Skip();
                }
                else if (name.ValueTextEquals("title"u8)) title = StoryJson.Text(ref reader);
                else if (name.ValueTextEquals("synopsis"u8)) synopsis = StoryJson.Text(ref reader);
                else if (name.ValueTextEquals("text"u8)) text = StoryJson.Text(ref reader);
                else if (name.ValueTextEquals("keywords"u8)) keywords = StoryJson.Strings(ref reader, keepEmpty: false);
                else reader.Skip();
            }
            segments.Add(new TranscriptSegment(start, title ?? "", keywords ?? [], synopsis ?? "", text ?? ""));
        }
        return segments;
    }
}
