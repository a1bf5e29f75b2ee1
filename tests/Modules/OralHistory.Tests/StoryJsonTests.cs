using System.Text;
using System.Text.Json;
using Platform.Core.Content;
using Platform.Modules.OralHistory.Features.Stories;
using Platform.Modules.OralHistory.Features.Transcripts;

namespace Platform.OralHistory.Tests;

/// <summary>
/// A story is read from its stored JSON with one reader (<see cref="StoryJson"/>), by the public page from the raw bytes
/// and by everything else from the parsed content item (<see cref="Story.From(ContentItem)"/>): both give these
/// values, field for field, for a full story and for odd or partial JSON.
/// </summary>
public sealed class StoryJsonTests
{
    private static readonly DateTime Published = new(2026, 11, 20, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Updated = new(2026, 11, 21, 2, 30, 0, DateTimeKind.Utc);

    private static PublishedItemJson Item(string json) =>
        new("story-1", StoryType.ModuleId, StoryType.Name, "511002", "neijiang-liaison", 3, 4, Published, Encoding.UTF8.GetBytes(json), Updated, "sichuan", 7, 42);

    /// <summary>
    /// A story's fields on one line: title|veteran|narrator|interviewers|date|place|eras|year|summary|segments|photos|audio|video,
    /// lists joined by commas, a segment as start:title:keywords(+):synopsis:text, a photo as media:caption, null as ∅.
    /// </summary>
    private static string Describe(Story s) => string.Join("|",
        s.Title, s.VeteranId, s.NarratorName, string.Join(",", s.Interviewers), s.InterviewDate ?? "∅", s.InterviewPlace ?? "∅",
        string.Join(",", s.Eras), s.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "∅", s.Summary,
        string.Join(",", s.Transcript.Segments.Select(g => $"{g.Start}:{g.Title}:{string.Join("+", g.Keywords)}:{g.Synopsis}:{g.Text}")),
        string.Join(",", s.Photos.Select(p => $"{p.MediaId}:{p.Caption}")), s.AudioId ?? "∅", s.VideoId ?? "∅");

    /// <summary>What both readings give, checked to be the same; and the item's own fields carried over.</summary>
    private static string Read(string json)
    {
        var item = Item(json);
        var (fromBytes, fromItem) = (StoryJson.From(item), Story.From(item.ToItem()));
        foreach (var story in new[] { fromBytes, fromItem })
            Assert.Equal(("story-1", "511002", Published, Updated), (story.Id, story.RegionCode, story.PublishedAt, story.UpdatedAt));
        Assert.Equal(Describe(fromBytes), Describe(fromItem));
        return Describe(fromBytes);
    }

    private static Story Full() => new(
        "story-1", "511002", "长津湖的冬天 \"零下四十度\"", "vet-0042", "王德胜", ["李采访", "张记录"], "2025-10-01", "内江市东兴区",
        ["抗美援朝", "", "军休生活"], 1950, "一九五〇年冬。\n第二段\\结尾 🎖️",
        new Transcript([
            new TranscriptSegment(0, "参军", ["参军", "资中"], "十八岁报名", "我是 1933 年生的。\n家里穷。"),
            new TranscriptSegment(83, "", [], "", "入朝。"),
            new TranscriptSegment(3723, "回国", ["1953"], "停战以后", "后来回国。"),
        ]),
        [new StoryPhoto("m-1", "1952 年合影"), new StoryPhoto("m-2", "")], "a-1", "v-1", Published, Updated);

    [Fact]
    public void A_story_with_every_field_reads_as_it_was_written()
    {
        var json = Full().ToFields().ToJsonString();
        Assert.Equal(Describe(Full()), Read(json));
        Assert.Equal("长津湖的冬天 \"零下四十度\"|vet-0042|王德胜|李采访,张记录|2025-10-01|内江市东兴区|抗美援朝,,军休生活|1950|一九五〇年冬。\n第二段\\结尾 🎖️|"
            + "0:参军:参军+资中:十八岁报名:我是 1933 年生的。\n家里穷。,83::::入朝。,3723:回国:1953:停战以后:后来回国。|m-1:1952 年合影,m-2:|a-1|v-1", Read(json));
    }

    /// <summary>An empty story: every text empty, no lists, no year, no media.</summary>
    private const string Empty = "||||∅|∅||∅||||∅|∅";

    [Theory]
    [InlineData("{}", Empty)]
    [InlineData("""{"title":"只有标题","audio":"","video":null,"photos":[],"eras":[]}""", "只有标题||||∅|∅||∅||||∅|∅")]
    // Values of the wrong kind are left out.
    [InlineData("""{"title":5,"narratorName":["x"],"year":"1951","eras":"抗美援朝","photos":{"media":"m"},"transcript":[1,2],"summary":{"a":[1,{"b":2}]}}""", Empty)]
    [InlineData("""{"year":1951.7,"eras":[1,"抗美援朝",null,{"x":"y"},["z"]],"interviewers":" 甲 、、乙 "}""", "|||甲,乙|∅|∅|抗美援朝|1951||||∅|∅")]
    // A photo needs a media id; a caption that is not text is empty.
    [InlineData("""{"year":1e3,"interviewDate":"1951-02-03","interviewPlace":"","photos":[{"media":"","caption":"无"},"m-9",{"caption":"缺 id"},{"media":"m-3","caption":null,"extra":[1]},{"media":7,"caption":"数字 id"},{"media":"m-4","caption":5}]}""",
        "||||1951-02-03|||1000|||m-3:,m-4:|∅|∅")]
    // Unknown fields anywhere are skipped, objects and lists inside them too; escaped names are still names.
    [InlineData("""{"unknown":{"title":"不是标题","list":[{"a":1}]},"\u0074itle":"转义的名字","narrator":"vet-1","extra":[[],{}]}""", "转义的名字|vet-1|||∅|∅||∅||||∅|∅")]
    // Transcript segments out of order are put in order (equal starts keep their order); odd segment values give defaults.
    [InlineData("""{"transcript":{"segments":[{"start":90,"text":"后"},{"start":"30","text":"字符串时间"},{"start":5.5,"title":7},7,{"start":10,"keywords":["a","",3,"b"],"synopsis":"提要","extra":{"start":1}},{"start":10,"text":"同时"}]}}""",
        "||||∅|∅||∅||0::::字符串时间,0::::,10::a+b:提要:,10::::同时,90::::后||∅|∅")]
    [InlineData("""{"transcript":{"other":1,"segments":"none"}}""", Empty)]
    [InlineData("""{"transcript":{"segments":[{"start":2147483648,"text":"太大"},{"keywords":"不是列表"}]}}""", "||||∅|∅||∅||0::::太大,0::::||∅|∅")]
    public void Odd_and_partial_json_reads_as_expected(string json, string expected)
    {
        Assert.Equal(expected, Read(json));
    }

    [Fact]
    public void Fields_that_are_not_an_object_are_refused()
    {
        Assert.ThrowsAny<JsonException>(() => StoryJson.From(Item("""["title"]""")));
    }
}
