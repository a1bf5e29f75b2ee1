using System.Text;
using System.Text.Json;
using Platform.Core.Content;
using Platform.Modules.OralHistory.Features.Stories;
using Platform.Modules.OralHistory.Features.Transcripts;

namespace Platform.OralHistory.Tests;

/// <summary>
/// The public story page reads a story straight from its stored JSON (<see cref="StoryJson"/>); it must give the same
/// <see cref="Story"/> as the parsed content item does (<see cref="Story.From(ContentItem)"/>), field for field.
/// </summary>
public sealed class StoryJsonTests
{
    private static readonly DateTime Published = new(2026, 11, 20, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Updated = new(2026, 11, 21, 2, 30, 0, DateTimeKind.Utc);

    private static PublishedItemJson Item(string json) =>
        new("story-1", StoryType.ModuleId, StoryType.Name, "511002", "neijiang-liaison", 3, 4, Published, Encoding.UTF8.GetBytes(json), Updated, "sichuan", 7, 42);

    /// <summary>Both readings, as JSON text: records hold lists, which compare by reference, so compare what they hold.</summary>
    private static (string Expected, string Actual) Both(string json)
    {
        var item = Item(json);
        return (JsonSerializer.Serialize(Story.From(item.ToItem())), JsonSerializer.Serialize(StoryJson.From(item)));
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
    public void A_story_with_every_field_reads_the_same_as_from_the_parsed_item()
    {
        var json = Full().ToFields().ToJsonString();
        var (expected, actual) = Both(json);
        Assert.Equal(expected, actual);
        var story = StoryJson.From(Item(json));
        Assert.Equal(("长津湖的冬天 \"零下四十度\"", "vet-0042", "王德胜", 1950, "a-1", "v-1"), (story.Title, story.VeteranId, story.NarratorName, story.Year, story.AudioId, story.VideoId));
        Assert.Equal(["李采访", "张记录"], story.Interviewers);
        Assert.Equal(["抗美援朝", "", "军休生活"], story.Eras);
        Assert.Equal([0, 83, 3723], story.Transcript.Segments.Select(s => s.Start));
        Assert.Equal(["参军", "资中"], story.Transcript.Segments[0].Keywords);
        Assert.Equal(["m-1", "m-2"], story.Photos.Select(p => p.MediaId));
        Assert.Equal((Published, Updated, "511002"), (story.PublishedAt, story.UpdatedAt, story.RegionCode));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"title":"只有标题","audio":"","video":null,"photos":[],"eras":[]}""")]
    // Values of the wrong kind are left out, as the parsed reading leaves them out.
    [InlineData("""{"title":5,"narratorName":["x"],"year":"1951","eras":"抗美援朝","photos":{"media":"m"},"transcript":[1,2],"summary":{"a":[1,{"b":2}]}}""")]
    [InlineData("""{"year":1951.7,"eras":[1,"抗美援朝",null,{"x":"y"},["z"]],"interviewers":" 甲 、、乙 "}""")]
    [InlineData("""{"year":1e3,"interviewDate":"1951-02-03","interviewPlace":"","photos":[{"media":"","caption":"无"},"m-9",{"caption":"缺 id"},{"media":"m-3","caption":null,"extra":[1]}]}""")]
    // Unknown fields anywhere are skipped, objects and lists inside them too; escaped names are still names.
    [InlineData("""{"unknown":{"title":"不是标题","list":[{"a":1}]},"\u0074itle":"转义的名字","narrator":"vet-1","extra":[[],{}]}""")]
    // Transcript segments out of order are put in order (equal starts keep their order); odd segment values give defaults.
    [InlineData("""{"transcript":{"segments":[{"start":90,"text":"后"},{"start":"30","text":"字符串时间"},{"start":5.5,"title":7},7,{"start":10,"keywords":["a","",3,"b"],"synopsis":"提要","extra":{"start":1}},{"start":10,"text":"同时"}]}}""")]
    [InlineData("""{"transcript":{"other":1,"segments":"none"}}""")]
    [InlineData("""{"transcript":{"segments":[{"start":2147483648,"text":"太大"},{"keywords":"不是列表"}]}}""")]
    public void Odd_and_partial_json_reads_the_same_as_from_the_parsed_item(string json)
    {
        var (expected, actual) = Both(json);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Fields_that_are_not_an_object_are_refused()
    {
        Assert.ThrowsAny<JsonException>(() => StoryJson.From(Item("""["title"]""")));
    }
}
