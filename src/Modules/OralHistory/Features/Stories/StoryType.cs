using Platform.Core.Content;
using Platform.Core.Media;
using Platform.Core.Modules;

namespace Platform.Modules.OralHistory.Features.Stories;

/// <summary>The <c>story</c> content type: a veteran's life story told in their own words.</summary>
public static class StoryType
{
    public const string ModuleId = "OralHistory";
    public const string Name = "story";
    public const string Workflow = "story-publication";

    /// <summary>Era and campaign tags editors pick from (others may be typed).</summary>
    public static IReadOnlyList<string> Eras { get; } = ["抗日战争", "解放战争", "抗美援朝", "对越自卫反击战", "国防建设", "抢险救灾", "援外", "军休生活"];

    public static ContentTypeDescriptor Descriptor { get; } = new(Name, "口述历史故事", "Oral-history story")
    {
        PublicationWorkflow = Workflow,
        Searchable = true,
        EditPermission = Features.OralHistoryPermissions.Edit,
        PublicUrl = "/r/{region}/oral-history/stories/{id}",
        Fields =
        [
            new("title", ContentFieldKind.Text, "标题", "Title", Required: true, MaxLength: 100),
            new("narrator", ContentFieldKind.Veteran, "讲述人（军休干部）", "Narrator (veteran)", Required: true, Searchable: false),
            new("narratorName", ContentFieldKind.Text, "讲述人公开署名", "Narrator's public name", Required: true, MaxLength: 50),
            new("interviewers", ContentFieldKind.Text, "采访人（顿号分隔）", "Interviewers", MaxLength: 200), // text, not tags: tags are the eras
            new("interviewDate", ContentFieldKind.Date, "采访日期", "Interview date", Searchable: false),
            new("interviewPlace", ContentFieldKind.Text, "采访地点", "Interview place", MaxLength: 100),
            new("eras", ContentFieldKind.Tags, "年代与战役", "Era and campaign", MaxLength: 10),
            new("year", ContentFieldKind.Number, "故事年份", "Year of the events", Searchable: false),
            new("summary", ContentFieldKind.LongText, "内容提要", "Summary", MaxLength: 2000),
            new("transcript", ContentFieldKind.Json, "时间码文字稿", "Time-coded transcript", Searchable: false),
            new("photos", ContentFieldKind.MediaList, "照片（含说明）", "Photos with captions", MaxLength: 30, Media: MediaPolicy.Images),
            new("audio", ContentFieldKind.Media, "录音", "Audio", Media: MediaPolicy.Audio),
            new("video", ContentFieldKind.Media, "录像", "Video", Media: MediaPolicy.Video),
        ],
    };
}
