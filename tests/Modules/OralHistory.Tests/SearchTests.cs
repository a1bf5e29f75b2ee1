using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Search;
using Platform.Core.Data;
using Platform.Core.Search;

namespace Platform.OralHistory.Tests;

/// <summary>
/// Published stories are found by the host's index: a made-up name through the CJK bigram field, only in the story's
/// own region's subtree, never while a draft or after withdrawal.
/// </summary>
public abstract class SearchTests(DatabaseKind kind) : OralHistoryTestBase(kind)
{
    private async Task<SearchResults> SearchAsync(string text, string? region = "511000")
    {
        await Host.Services.GetRequiredService<LuceneSearchIndex>().CatchUpAsync();
        return await Host.Services.GetRequiredService<ISearchIndex>().SearchAsync(new SearchQuery(text, region, "OralHistory"));
    }

    [Fact]
    public async Task A_made_up_name_in_the_transcript_is_found_through_the_bigram_field()
    {
        var story = await PublishedAsync("瑄珂的故事", extraText: "战友琰翊磊背着我走了三十里");
        var hit = Assert.Single((await SearchAsync("琰翊磊")).Hits);
        Assert.Equal(($"/r/511002/oral-history/stories/{story.Item.Id}", "瑄珂的故事", "OralHistory"), (hit.Url, hit.Title, hit.ModuleId));
        Assert.Contains("<mark>", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.Contains("抗美援朝", hit.Tags);
    }

    [Fact]
    public async Task A_unit_number_or_a_year_with_one_character_is_found_inside_a_longer_run_of_text()
    {
        // In the text 军 and 年 sit inside longer runs (军的, 年冬): the bigram field has them only as pairs.
        var story = await PublishedAsync("番号与年份", extraText: "他是第38军的战士，1950年冬天入朝，编号12号访谈");
        foreach (var typed in new[] { "38军", "第38军", "1950年", "编号12号", "第38军 1950年" })
            Assert.Equal($"/r/511002/oral-history/stories/{story.Item.Id}", Assert.Single((await SearchAsync(typed)).Hits).Url);
        foreach (var typed in new[] { "39军", "1951年", "第38师", "编号13号" })
            Assert.Empty((await SearchAsync(typed)).Hits);
    }

    [Fact]
    public async Task The_region_search_page_lists_a_tagged_story_with_a_link_to_its_era()
    {
        var story = await PublishedAsync("带标签的故事", extraText: "璩玳珣的驳壳枪");
        await Host.Services.GetRequiredService<LuceneSearchIndex>().CatchUpAsync();
        using var client = Host.CreateClient();
        var html = await client.GetStringAsync("/r/511000/search?q=" + Uri.EscapeDataString("璩玳珣") + "&module=OralHistory");
        Assert.Contains($"<a href=\"/r/511002/oral-history/stories/{story.Item.Id}\">带标签的故事</a>", html, StringComparison.Ordinal);
        Assert.Contains("&amp;tag=%E6%8A%97%E7%BE%8E%E6%8F%B4%E6%9C%9D\">抗美援朝</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_story_is_found_in_its_regions_subtree_only()
    {
        await PublishedAsync("地区过滤", extraText: "鄞琮璟的连队");
        Assert.Single((await SearchAsync("鄞琮璟", "510000")).Hits);
        Assert.Single((await SearchAsync("鄞琮璟", "511002")).Hits);
        Assert.Empty((await SearchAsync("鄞琮璟", "511011")).Hits);
        Assert.Empty((await SearchAsync("鄞琮璟", "330000")).Hits);
    }

    [Fact]
    public async Task Drafts_are_never_found_and_a_withdrawn_story_leaves_the_index()
    {
        var draft = await DraftAsync("草稿不入索引", extraText: "珺玹瑀的来信");
        Assert.Empty((await SearchAsync("珺玹瑀")).Hits);
        await ConsentAsync(draft.Item.Id, false, false);
        await FireAsync(draft.Item.Id, "submit", Liaison);
        await FireAsync(draft.Item.Id, "approve", Sichuan);
        Assert.Empty((await SearchAsync("珺玹瑀")).Hits); // approved is not published
        await FireAsync(draft.Item.Id, "publish", Sichuan);
        Assert.Single((await SearchAsync("珺玹瑀")).Hits);
        await FireAsync(draft.Item.Id, "unpublish", Sichuan);
        Assert.Empty((await SearchAsync("珺玹瑀")).Hits);
    }
}

public sealed class SearchTests_Sqlite() : SearchTests(DatabaseKind.Sqlite);

public sealed class SearchTests_Postgres() : SearchTests(DatabaseKind.Postgres);
