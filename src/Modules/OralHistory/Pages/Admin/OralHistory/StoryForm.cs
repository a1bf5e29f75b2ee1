using Platform.Modules.OralHistory.Features.Stories;
using Platform.Modules.OralHistory.Features.Transcripts;
using Platform.Core.Text;

namespace Platform.Modules.OralHistory.Pages.Admin.OralHistory;

/// <summary>The text fields of the story form; media and transcript are kept from the saved story.</summary>
public sealed class StoryForm
{
    [SingleLine(12, Label = "地区")] public string? RegionCode { get; set; }
    [SingleLine(100, Label = "标题")] public string? Title { get; set; }
    [SingleLine(64, Label = "讲述人")] public string? VeteranId { get; set; }
    [SingleLine(50, Label = "讲述人公开署名")] public string? NarratorName { get; set; }
    [SingleLine(200, Label = "采访人")] public string? Interviewers { get; set; }
    [SingleLine(30, Label = "采访日期")] public string? InterviewDate { get; set; }
    [SingleLine(100, Label = "采访地点")] public string? InterviewPlace { get; set; }
    [SingleLine(50, Label = "年代与战役")] public List<string> Eras { get; set; } = [];
    [SingleLine(500, Label = "其他年代与战役")] public string? OtherEras { get; set; }
    public int? Year { get; set; }
    [MultiLine(2000, Label = "内容提要")] public string? Summary { get; set; }
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
