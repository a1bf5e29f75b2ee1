using Platform.Modules.OralHistory.Features.Transcripts;

namespace Platform.OralHistory.Tests;

/// <summary>Plain-text transcripts with timestamps become segments; every bad line is named with what to do.</summary>
public sealed class TranscriptParserTests
{
    [Fact]
    public void Bracketed_and_bare_timestamps_start_segments_and_following_lines_continue_them()
    {
        var result = TranscriptParser.Parse("""
            [00:00:00] 我是 1933 年生的，四川资中人。
            家里穷，读过两年私塾。
            00:01:23 一九五一年我报名参军。
            标题：报名参军
            关键词：参军，资中、1951
            提要：十八岁瞒着母亲报名
            [1:02:03] 后来到了朝鲜。
            """);
        Assert.True(result.Ok);
        var s = result.Transcript.Segments;
        Assert.Equal([0, 83, 3723], s.Select(x => x.Start));
        Assert.Equal("我是 1933 年生的，四川资中人。\n家里穷，读过两年私塾。", s[0].Text);
        Assert.Equal(("报名参军", "十八岁瞒着母亲报名", "一九五一年我报名参军。"), (s[1].Title, s[1].Synopsis, s[1].Text));
        Assert.Equal(["参军", "资中", "1951"], s[1].Keywords);
        Assert.Equal(("1:02:03", "01:23"), (s[2].StartText, s[1].StartText));
        Assert.Equal("后来到了朝鲜。", s[2].Title); // no 标题 line: the first words
    }

    [Fact]
    public void Minutes_and_seconds_and_full_width_colons_are_read()
    {
        Assert.Equal(83, TranscriptParser.ReadTime("01:23"));
        Assert.Equal(3723, TranscriptParser.ReadTime("01：02：03"));
        Assert.Null(TranscriptParser.ReadTime("00:61:00"));
        Assert.Null(TranscriptParser.ReadTime("1:2:3:4"));
    }

    [Fact]
    public void Bad_rows_are_each_reported_with_their_line_number_in_Chinese()
    {
        var result = TranscriptParser.Parse("开场白没有时间\n[00:00:10] 第一段\n[00:75:00] 分钟写错\n[00:00:05] 时间倒退\n[00:00:20] 第二段\n");
        Assert.False(result.Ok);
        Assert.Equal([1, 3, 4], result.Errors.Select(e => e.Line));
        Assert.StartsWith("第 1 行：这行文字前面还没有时间码。", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("时间“00:75:00”无法识别", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("不晚于上一段的 00:10", result.Errors[2].Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Transcript.Segments.Count); // the good rows are still read, for the preview
    }

    [Fact]
    public void A_file_without_any_timestamp_is_refused_with_an_example()
    {
        var result = TranscriptParser.Parse("\n\n");
        Assert.Equal("文件中没有带时间码的段落。每段请以时间开头，例如：[00:01:23] 那年我十七岁……", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void A_transcript_survives_its_json_form()
    {
        var parsed = TranscriptParser.Parse("[00:00:05] 甲\n关键词：一、二\n[00:00:09] 乙").Transcript;
        var reader = new System.Text.Json.Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(parsed.ToJson().ToJsonString()));
        reader.Read();
        var back = Transcript.Read(ref reader);
        Assert.Equal(parsed.Segments.Select(s => (s.Start, s.Title, string.Join(",", s.Keywords), s.Text)), back.Segments.Select(s => (s.Start, s.Title, string.Join(",", s.Keywords), s.Text)));
    }
}
