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

    /// <summary>
    /// The story in <paramref name="item"/>'s fields, read as the public page reads the stored JSON (<see cref="StoryJson"/>):
    /// one reading for every use, a value of the wrong kind left out.
    /// </summary>
    public static Story From(ContentItem item) =>
        StoryJson.From(item.Id, item.RegionCode, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(item.Fields), item.PublishedAt, item.UpdatedAt);

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
}
