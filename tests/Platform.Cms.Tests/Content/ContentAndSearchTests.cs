using System.Net;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Cms.Search;
using Platform.Cms.Tests.Workflows;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Content;
using Platform.Core.Data;
using Platform.Core.Search;
using Platform.Core.Workflows;
using Platform.Testing;

namespace Platform.Cms.Tests.Content;

/// <summary>A host whose background jobs are off: the tests decide when the index catches up.</summary>
public abstract class QuietHost(DatabaseKind kind) : PlatformFactory(kind, settings: new Dictionary<string, string> { ["Platform:Jobs:Enabled"] = "false" });

public sealed class QuietSqliteHost() : QuietHost(DatabaseKind.Sqlite);

public sealed class QuietPostgresHost() : QuietHost(DatabaseKind.Postgres);

/// <summary>
/// Content items: validated and sanitised on save, versioned (a draft beside the published version), published and
/// withdrawn only through their workflow, read by the public only when published, edited only in scope. Search:
/// Chinese words and unknown words (bigrams) are found, with highlighted snippets; drafts, withdrawn items and other
/// regions' items are not; a node catches up with changes made elsewhere and a fresh node builds its index.
/// </summary>
public abstract class ContentAndSearchTests<THost>(THost host) : IClassFixture<THost> where THost : QuietHost
{
    private static readonly ClaimsPrincipal Liaison = WorkflowPathTests.Liaison;
    private static readonly ClaimsPrincipal Sichuan = WorkflowPathTests.Sichuan;
    private static readonly ClaimsPrincipal Zhejiang = WorkflowPathTests.Zhejiang;

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = host.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    private Task<T> ContentAsync<T>(Func<IContentStore, Task<T>> work) => InScopeAsync(sp => work(sp.GetRequiredService<IContentStore>()));

    private static JsonObject Story(string title, string body = "<p>正文</p>", string? date = null, params string[] tags) => new()
    {
        ["title"] = title, ["body"] = body, ["summary"] = title + "的摘要",
        ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)JsonValue.Create(t))]),
        ["date"] = date,
    };

    private Task<ContentItem> CreateAsync(JsonObject fields, string region = "511002", ClaimsPrincipal? who = null) =>
        ContentAsync(c => c.CreateAsync(who ?? Liaison, "Alpha", "story", region, fields));

    private async Task FireAsync(ContentItem item, ClaimsPrincipal who, params string[] transitions)
    {
        foreach (var transition in transitions)
        {
            await InScopeAsync(async sp =>
            {
                var engine = sp.GetRequiredService<IWorkflowEngine>();
                var instance = await engine.FindAsync(item.WorkflowInstanceId!.Value);
                return await engine.FireAsync(instance!.Id, transition, who, instance.Revision);
            });
        }
    }

    private async Task<ContentItem> PublishedAsync(JsonObject fields, string region = "511002")
    {
        var item = await CreateAsync(fields, region, region.StartsWith("33", StringComparison.Ordinal) ? Zhejiang : Liaison);
        await FireAsync(item, region.StartsWith("33", StringComparison.Ordinal) ? Zhejiang : Liaison, "submit");
        await FireAsync(item, region.StartsWith("33", StringComparison.Ordinal) ? Zhejiang : Sichuan, "publish");
        return item;
    }

    private Task<IndexProgress> CatchUpAsync() => host.Services.GetRequiredService<LuceneSearchIndex>().CatchUpAsync();

    private Task<SearchResults> SearchAsync(string text, string? region = "510000", string? tag = null, int? year = null) =>
        host.Services.GetRequiredService<ISearchIndex>().SearchAsync(new SearchQuery(text, region, Tag: tag, Year: year));

    [Fact]
    public async Task Rich_text_is_sanitised_on_save()
    {
        var item = await CreateAsync(Story("消毒测试", "<p onclick=\"steal()\">老兵<script>alert(1)</script><a href=\"javascript:alert(2)\">链接</a>"
            + "<img src=\"x.png\" onerror=\"alert(3)\"><iframe src=\"https://evil.example\"></iframe><a href=\"https://www.example.cn/a\">好</a></p>"));
        var body = item.Fields["body"]!.GetValue<string>();
        foreach (var bad in new[] { "onclick", "<script", "javascript:", "onerror", "<iframe", "alert(1)" })
            Assert.DoesNotContain(bad, body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<a href=\"https://www.example.cn/a\">好</a>", body, StringComparison.Ordinal);
        Assert.Contains("老兵", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_invalid_field_is_named_at_once_and_nothing_is_saved()
    {
        var before = await InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().ContentItems.CountAsync());
        var fields = Story("", date: "2024/5/1");
        fields["colour"] = "red";
        fields["summary"] = new string('长', 501);
        fields["photos"] = new JsonArray(new JsonObject { ["media"] = "no-such-file", ["caption"] = "合影" });
        var ex = await Assert.ThrowsAsync<PlatformException>(() => CreateAsync(fields));
        Assert.Equal(400, ex.Status);
        foreach (var part in new[] { "未知字段“colour”", "标题：必填", "讲述日期：日期请写成 2024-05-01 的格式", "摘要：最多 500 字（现有 501 字）", "照片：文件不存在" })
            Assert.Contains(part, ex.MessageZh, StringComparison.Ordinal);
        Assert.Equal(before, await InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().ContentItems.CountAsync()));
    }

    [Fact]
    public async Task A_draft_and_the_published_version_coexist_and_only_the_workflow_publishes()
    {
        var item = await CreateAsync(Story("第一版标题"));
        Assert.Null(await ContentAsync(c => c.GetPublishedAsync(item.Id)));
        await FireAsync(item, Liaison, "submit");
        Assert.Null(await ContentAsync(c => c.GetPublishedAsync(item.Id))); // in review: still not public
        await FireAsync(item, Sichuan, "publish");
        Assert.Equal((1, "第一版标题"), await ContentAsync(async c => { var p = await c.GetPublishedAsync(item.Id); return (p!.Version, p.Title); }));

        var edited = await ContentAsync(c => c.SaveAsync(Liaison, item.Id, Story("第二版标题"), item.Revision));
        Assert.Equal((2, 1), (edited.LatestVersion, edited.PublishedVersion));
        Assert.Equal("第一版标题", (await ContentAsync(c => c.GetPublishedAsync(item.Id)))!.Title); // the public still reads version 1
        Assert.Equal("第二版标题", (await ContentAsync(c => c.GetForEditAsync(Sichuan, item.Id))).Title);
        await FireAsync(item, Liaison, "update");
        await FireAsync(item, Sichuan, "publish");
        Assert.Equal("第二版标题", (await ContentAsync(c => c.GetPublishedAsync(item.Id)))!.Title);
        var versions = await ContentAsync(c => c.VersionsAsync(Sichuan, item.Id));
        Assert.Equal([(2, true), (1, false)], versions.Select(v => (v.Version, v.Published)));

        await FireAsync(item, Sichuan, "unpublish");
        Assert.Null(await ContentAsync(c => c.GetPublishedAsync(item.Id)));
        var audit = await InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().Audit
            .Where(a => a.Action.StartsWith("content.") && a.Before!.Contains(item.Id)).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["content.publish", "content.save", "content.publish", "content.unpublish"], audit);
    }

    [Fact]
    public async Task A_stale_save_is_refused_with_who_saved_first_and_scope_and_permission_are_checked()
    {
        var item = await CreateAsync(Story("并发"));
        await ContentAsync(c => c.SaveAsync(Sichuan, item.Id, Story("省厅改过"), item.Revision));
        var stale = await Assert.ThrowsAsync<PlatformException>(() => ContentAsync(c => c.SaveAsync(Liaison, item.Id, Story("联络员改"), item.Revision)));
        Assert.Equal(409, stale.Status);
        Assert.Contains("已被 sichuan 于", stale.MessageZh, StringComparison.Ordinal);

        Assert.Equal(404, (await Assert.ThrowsAsync<PlatformException>(() => ContentAsync(c => c.GetForEditAsync(Zhejiang, item.Id)))).Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<PlatformException>(() => CreateAsync(Story("越界"), "511002", Zhejiang))).Status);
        var provider = WorkflowPathTests.Person("provider-a", new GrantClaim(PlatformRoles.ProviderAdmin, "511000", "demo-provider-a"));
        var refused = await Assert.ThrowsAsync<PlatformException>(() => CreateAsync(Story("无权"), "511002", provider));
        Assert.True(refused.Status is 403 or 404, refused.MessageZh);
        Assert.DoesNotContain(await ContentAsync(c => c.ListForEditAsync(Zhejiang, "Alpha", "story")), i => i.Id == item.Id);
    }

    [Fact]
    public async Task Search_finds_dictionary_words_and_unknown_words_with_highlights_in_the_regions_subtree_only()
    {
        var tag = "抗美援朝" + Guid.NewGuid().ToString("N")[..4];
        var story = await PublishedAsync(Story("长津湖的冬天", "<p>一九五零年冬天，我们在长津湖打了一仗。后来我成了一名军休宣讲员，给孩子们讲故事。</p>", "1950-11-27", tag));
        var zhejiang = await PublishedAsync(Story("杭州的军休宣讲员", "<p>在西湖边给学生讲军休宣讲员的故事。</p>", "2020-05-01", tag), "330102");
        var draft = await CreateAsync(Story("还没发布的军休宣讲员故事", "<p>军休宣讲员草稿</p>"));
        await CatchUpAsync();

        var dictionary = await SearchAsync("长津湖");
        var hit = Assert.Single(dictionary.Hits, h => h.Key == $"content:{story.Id}");
        Assert.Equal(($"/r/511002/alpha/stories/{story.Id}", "Alpha", "story", 1950), (hit.Url, hit.ModuleId, hit.Type, hit.Year));

        var unknown = await SearchAsync("宣讲员");
        var found = Assert.Single(unknown.Hits, h => h.Key == $"content:{story.Id}");
        Assert.Contains("<mark>", found.SnippetHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(unknown.Hits, h => h.Key == $"content:{draft.Id}"); // a draft never appears
        Assert.DoesNotContain(unknown.Hits, h => h.Key == $"content:{zhejiang.Id}"); // another province
        Assert.Contains((await SearchAsync("宣讲员", "330000")).Hits, h => h.Key == $"content:{zhejiang.Id}");
        Assert.Contains((await SearchAsync("军休", region: null)).Hits, h => h.Key == $"content:{zhejiang.Id}");

        Assert.Single((await SearchAsync("冬天", tag: tag)).Hits);
        Assert.Empty((await SearchAsync("冬天", year: 1951)).Hits);
        Assert.Single((await SearchAsync("冬天", year: 1950)).Hits, h => h.Key == $"content:{story.Id}");

        await FireAsync(story, Sichuan, "unpublish");
        await CatchUpAsync();
        Assert.DoesNotContain((await SearchAsync("长津湖")).Hits, h => h.Key == $"content:{story.Id}");
    }

    [Fact]
    public async Task Snippets_mark_the_dictionary_words_of_a_phrase_and_words_only_the_bigrams_know()
    {
        var word = "哨" + Guid.NewGuid().ToString("N")[..6];
        // 边防哨所 never occurs as typed: only SmartCn's words (边防, 哨所) find this story; 宣讲员 is not in its dictionary.
        var story = await PublishedAsync(Story("边防回忆 " + word, $"<p>那年冬天我在边防的一个哨所站岗，后来当了宣讲员。{word}</p>"));
        await CatchUpAsync();

        var hit = Assert.Single((await SearchAsync($"边防哨所 宣讲员 {word}")).Hits);
        Assert.Equal($"content:{story.Id}", hit.Key);
        foreach (var marked in new[] { "<mark>边防</mark>", "<mark>哨所</mark>", "<mark>宣讲员</mark>", $"<mark>{word}</mark>" })
            Assert.Contains(marked, hit.SnippetHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_leave_the_ranking_alone_and_follow_the_index_as_it_changes()
    {
        var word = "滤" + Guid.NewGuid().ToString("N")[..6];
        // Different counts of the word give different scores, so the order below is the ranking, not chance.
        var stories = new List<ContentItem>();
        for (var i = 1; i <= 3; i++)
            stories.Add(await PublishedAsync(Story($"过滤 {i}", "<p>" + string.Join("，", Enumerable.Repeat(word, i)) + "。还有很多别的话，一句接着一句。</p>")));
        await CatchUpAsync();

        var all = (await SearchAsync(word, region: null)).Hits;
        Assert.Equal(stories.Select(s => $"content:{s.Id}").Reverse(), all.Select(h => h.Key));
        foreach (var region in new[] { "510000", "511000", "511002" })
        {
            var filtered = await host.Services.GetRequiredService<ISearchIndex>().SearchAsync(new SearchQuery(word, region, "Alpha", "story"));
            Assert.Equal(all.Select(h => h.Key), filtered.Hits.Select(h => h.Key));
            foreach (var (a, b) in all.Zip(filtered.Hits)) Assert.Equal(a.Score, b.Score, 1e-5 * a.Score);
            Assert.Equal(3, filtered.Total);
        }
        var page = await host.Services.GetRequiredService<ISearchIndex>().SearchAsync(new SearchQuery(word, "510000", Skip: 1, Take: 1));
        Assert.Equal(all[1].Key, Assert.Single(page.Hits).Key);
        Assert.Equal(3, page.Total);

        // The filters were used above; documents added and withdrawn since are seen at once.
        var added = await PublishedAsync(Story("过滤 4", $"<p>{word}</p>"));
        var elsewhere = await PublishedAsync(Story("过滤 浙江", $"<p>{word}</p>"), "330102");
        await FireAsync(stories[0], Sichuan, "unpublish");
        await CatchUpAsync();
        var after = (await SearchAsync(word)).Hits.Select(h => h.Key).ToList();
        Assert.Contains($"content:{added.Id}", after);
        Assert.DoesNotContain($"content:{elsewhere.Id}", after);
        Assert.DoesNotContain($"content:{stories[0].Id}", after);
        Assert.Equal(3, after.Count);
        Assert.Equal([$"content:{elsewhere.Id}"], (await SearchAsync(word, "330000")).Hits.Select(h => h.Key));

        // A tag typed into the address bar cannot take the place of another combination of filters.
        var tag = "滤" + Guid.NewGuid().ToString("N")[..4];
        var tagged = await PublishedAsync(Story("过滤 标签", $"<p>{word}</p>", "1950-05-01", tag));
        await CatchUpAsync();
        Assert.Empty((await SearchAsync(word, tag: tag + "\u001fyear\u001e1950")).Hits);
        Assert.Equal([$"content:{tagged.Id}"], (await SearchAsync(word, tag: tag, year: 1950)).Hits.Select(h => h.Key));
    }

    [Fact]
    public async Task A_node_catches_up_with_changes_made_elsewhere_and_a_fresh_node_builds_its_index()
    {
        var word = "测" + Guid.NewGuid().ToString("N")[..6];
        await CatchUpAsync();
        using var other = host.Restart(); // a second node on the same database, with its own index
        using (var scope = other.Services.CreateScope())
        {
            var item = await scope.ServiceProvider.GetRequiredService<IContentStore>().CreateAsync(Liaison, "Alpha", "story", "511002", Story("另一节点发布 " + word));
            var engine = scope.ServiceProvider.GetRequiredService<IWorkflowEngine>();
            var submitted = await engine.FireAsync(item.WorkflowInstanceId!.Value, "submit", Liaison, 1);
            await engine.FireAsync(submitted.Id, "publish", Sichuan, submitted.Revision);
        }
        Assert.Empty((await SearchAsync(word)).Hits);
        var caughtUp = await CatchUpAsync();
        Assert.False(caughtUp.Rebuilt);
        Assert.Single((await SearchAsync(word)).Hits);

        using var fresh = host.Restart();
        var built = await fresh.Services.GetRequiredService<LuceneSearchIndex>().CatchUpAsync();
        Assert.True(built.Rebuilt);
        Assert.Single((await fresh.Services.GetRequiredService<ISearchIndex>().SearchAsync(new SearchQuery(word, "510000"))).Hits);

        var progress = new List<long>();
        var rebuilt = await fresh.Services.GetRequiredService<LuceneSearchIndex>().RebuildAsync(new SynchronousProgress(progress));
        Assert.Equal(built.Documents, rebuilt.Documents);
        Assert.Equal(rebuilt.Documents, progress[^1]);
    }

    [Fact]
    public async Task The_public_search_page_and_json_show_highlighted_hits()
    {
        var word = "页" + Guid.NewGuid().ToString("N")[..6];
        var story = await PublishedAsync(Story("公开搜索 " + word, $"<p>正文里也有 {word}。</p>"));
        await CatchUpAsync();
        using var client = host.CreateClient();
        var page = await client.GetStringAsync($"/r/511000/search?q={Uri.EscapeDataString(word)}");
        Assert.Contains($"href=\"/r/511002/alpha/stories/{story.Id}\"", page, StringComparison.Ordinal);
        Assert.Contains("共找到 1 条", page, StringComparison.Ordinal);
        Assert.Contains("<mark>", page, StringComparison.Ordinal);

        var json = JsonDocument.Parse(await client.GetStringAsync($"/r/511000/search.json?q={Uri.EscapeDataString(word)}")).RootElement;
        Assert.Equal(1, json.GetProperty("total").GetInt32());
        Assert.Equal("公开搜索 " + word, json.GetProperty("hits")[0].GetProperty("title").GetString());
        Assert.Equal(0, JsonDocument.Parse(await client.GetStringAsync($"/r/330000/search.json?q={Uri.EscapeDataString(word)}")).RootElement.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/r/999999/search?q=x")).StatusCode);
    }

    private sealed class SynchronousProgress(List<long> seen) : IProgress<long>
    {
        public void Report(long value) => seen.Add(value);
    }
}

public sealed class ContentAndSearchTests_Sqlite(QuietSqliteHost host) : ContentAndSearchTests<QuietSqliteHost>(host);

public sealed class ContentAndSearchTests_Postgres(QuietPostgresHost host) : ContentAndSearchTests<QuietPostgresHost>(host);
