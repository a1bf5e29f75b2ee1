using System.Text.Json.Nodes;
using Platform.Core.Content;
using Platform.Modules.OralHistory.Features.Transcripts;

namespace Platform.Modules.OralHistory.Features.Stories;

public sealed record StoryPhoto(string MediaId, string Caption);

/// <summary>A story's fields read from its content item, typed.</summary>
public sealed record Story(
    string Id, string RegionCode, string Title, string VeteranId, string NarratorName, IReadOnlyList<string> Interviewers,
    string? InterviewDate, string? InterviewPlace, IReadOnlyList<string> Eras, int? Year, string Summary, Transcript Transcript,
    IReadOnlyList<StoryPhoto> Photos, string? AudioId, string? VideoId, DateTime? PublishedAt, DateTime UpdatedAt)
{
    /// <summary>The year of the events, else of the interview.</summary>
    public int? AnyYear => Year ?? (InterviewDate is { Length: >= 4 } d && int.TryParse(d[..4], out var y) ? y : null);

    public static Story From(ContentItem item)
    {
        var f = item.Fields;
        return new Story(
            item.Id, item.RegionCode, Text(f, "title") ?? "", Text(f, "narrator") ?? "", Text(f, "narratorName") ?? "",
            (Text(f, "interviewers") ?? "").Split('、', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Text(f, "interviewDate"), Text(f, "interviewPlace"), Strings(f, "eras"), Number(f, "year"), Text(f, "summary") ?? "",
            Transcript.FromJson(f["transcript"]),
            f["photos"] is JsonArray photos
                ? photos.OfType<JsonObject>().Select(p => new StoryPhoto(p["media"]?.GetValue<string>() ?? "", p["caption"]?.GetValue<string>() ?? "")).Where(p => p.MediaId.Length > 0).ToList()
                : [],
            NonEmpty(Text(f, "audio")), NonEmpty(Text(f, "video")), item.PublishedAt, item.UpdatedAt);
    }

    public JsonObject ToFields()
    {
        var fields = new JsonObject
        {
            ["title"] = Title,
            ["narrator"] = VeteranId,
            ["narratorName"] = NarratorName,
            ["interviewers"] = string.Join("、", Interviewers),
            ["eras"] = new JsonArray(Eras.Select(e => (JsonNode?)e).ToArray()),
            ["summary"] = Summary,
            ["transcript"] = Transcript.ToJson(),
            ["photos"] = new JsonArray(Photos.Select(p => (JsonNode?)new JsonObject { ["media"] = p.MediaId, ["caption"] = p.Caption }).ToArray()),
        };
        if (InterviewDate is { Length: > 0 }) fields["interviewDate"] = InterviewDate;
        if (InterviewPlace is { Length: > 0 }) fields["interviewPlace"] = InterviewPlace;
        if (Year is { } year) fields["year"] = year;
        if (AudioId is not null) fields["audio"] = AudioId;
        if (VideoId is not null) fields["video"] = VideoId;
        return fields;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string? Text(JsonObject f, string name) => f[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static int? Number(JsonObject f, string name) =>
        f[name] is JsonValue v ? (v.TryGetValue<int>(out var i) ? i : v.TryGetValue<double>(out var d) ? (int)d : v.TryGetValue<long>(out var l) ? (int)l : null) : null;

    private static List<string> Strings(JsonObject f, string name) =>
        f[name] is JsonArray a ? a.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList() : [];
}
