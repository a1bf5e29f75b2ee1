using Platform.Modules.OralHistory.Features.Stories;
using Platform.Modules.OralHistory.Features.Transcripts;

namespace Platform.Modules.OralHistory.Pages.Admin.OralHistory;

/// <summary>The text fields of the story form; media and transcript are kept from the saved story.</summary>
public sealed class StoryForm
{
    public string? RegionCode { get; set; }
    public string? Title { get; set; }
    public string? VeteranId { get; set; }
    public string? NarratorName { get; set; }
    public string? Interviewers { get; set; }
    public string? InterviewDate { get; set; }
    public string? InterviewPlace { get; set; }
    public List<string> Eras { get; set; } = [];
    public string? OtherEras { get; set; }
    public int? Year { get; set; }
    public string? Summary { get; set; }
    public int Revision { get; set; }

    private static readonly char[] Separators = [',', '，', '、', ';', '；', '\n'];

    public Story ToStory(Story? saved) => new(
        saved?.Id ?? "", saved?.RegionCode ?? RegionCode ?? "", Title?.Trim() ?? "", VeteranId?.Trim() ?? "", NarratorName?.Trim() ?? "",
        Split(Interviewers), string.IsNullOrWhiteSpace(InterviewDate) ? null : InterviewDate.Trim(), string.IsNullOrWhiteSpace(InterviewPlace) ? null : InterviewPlace.Trim(),
        Eras.Concat(Split(OtherEras)).Select(e => e.Trim()).Where(e => e.Length > 0).Distinct().ToList(), Year, Summary?.Trim() ?? "",
        saved?.Transcript ?? Transcript.Empty, saved?.Photos ?? [], saved?.AudioId, saved?.VideoId, null, DateTime.UtcNow);

    public static StoryForm From(EditableStory current) => new()
    {
        RegionCode = current.Item.RegionCode, Title = current.Story.Title, VeteranId = current.Story.VeteranId, NarratorName = current.Story.NarratorName,
        Interviewers = string.Join("、", current.Story.Interviewers), InterviewDate = current.Story.InterviewDate, InterviewPlace = current.Story.InterviewPlace,
        Eras = current.Story.Eras.Where(StoryType.Eras.Contains).ToList(), OtherEras = string.Join("、", current.Story.Eras.Where(e => !StoryType.Eras.Contains(e))),
        Year = current.Story.Year, Summary = current.Story.Summary, Revision = current.Item.Revision,
    };

    private static List<string> Split(string? text) =>
        (text ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
