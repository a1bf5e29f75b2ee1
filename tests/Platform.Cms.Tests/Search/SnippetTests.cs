using Platform.Cms.Search;

namespace Platform.Cms.Tests.Search;

/// <summary>Search snippets: the text around the first match, everything escaped except the marks around the matched words.</summary>
public sealed class SnippetTests
{
    [Fact]
    public void The_snippet_marks_every_occurrence_of_the_words_and_escapes_the_rest()
    {
        var body = "开头很长的一段话。" + new string('甲', 100) + "长津湖的冬天，<script>alert(1)</script>我们在长津湖边守了七天。" + new string('乙', 100);
        var snippet = LuceneSearchIndex.Snippet(body, ["长津湖"], 90)!;
        Assert.Contains("<mark>长津湖</mark>的冬天", snippet, StringComparison.Ordinal);
        Assert.Contains("在<mark>长津湖</mark>边", snippet, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", snippet, StringComparison.Ordinal);
        Assert.StartsWith("…", snippet, StringComparison.Ordinal);
        Assert.EndsWith("…", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void Longer_words_are_marked_before_their_parts_and_case_is_ignored()
    {
        Assert.Equal("<mark>抗美援朝</mark>时的 <mark>Radio</mark>", LuceneSearchIndex.Snippet("抗美援朝时的 Radio", ["援朝", "抗美援朝", "radio"], 90));
        Assert.Null(LuceneSearchIndex.Snippet("一段无关的话", ["长津湖"], 90));
    }
}
