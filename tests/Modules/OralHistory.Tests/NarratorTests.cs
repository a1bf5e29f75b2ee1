using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core;
using Platform.Core.Data;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Collections;
using Platform.Modules.OralHistory.Features.Demo;
using Platform.Modules.OralHistory.Features.Honours;

namespace Platform.OralHistory.Tests;

/// <summary>Honour items on the narrator's page and collections of stories, public only with a published story.</summary>
public abstract class NarratorTests(DatabaseKind kind) : OralHistoryTestBase(kind)
{
    private Task<long> NarratorOfAsync(string storyId) =>
        InScopeAsync(sp => sp.GetRequiredService<OralHistoryDbContext>().Stories.Where(s => s.StoryId == storyId).Select(s => s.NarratorId).FirstAsync());

    [Fact]
    public async Task Honours_show_on_the_narrator_page_only_while_a_story_of_theirs_is_published()
    {
        var story = await DraftAsync("荣誉墙的主人", veteran: "honour-vet");
        var narrator = await NarratorOfAsync(story.Item.Id);
        var honour = await InScopeAsync(sp => sp.GetRequiredService<HonourService>().AddAsync(Liaison, narrator,
            new HonourInput(HonourKind.Medal, "抗美援朝纪念章", 1953), new MemoryStream(DemoMedia.Medal(1)), "medal.png"));
        using var client = Host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/r/511000/oral-history/narrators/{narrator}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/r/511000/oral-history/honours/{honour.Id}/image")).StatusCode);

        await ConsentAsync(story.Item.Id, false, false);
        await FireAsync(story.Item.Id, "submit", Liaison);
        await FireAsync(story.Item.Id, "approve", Sichuan);
        await FireAsync(story.Item.Id, "publish", Sichuan);
        var page = await client.GetStringAsync($"/r/511000/oral-history/narrators/{narrator}");
        Assert.Contains("alt=\"奖章：抗美援朝纪念章\"", page, StringComparison.Ordinal);
        Assert.Contains("荣誉墙的主人", page, StringComparison.Ordinal);
        Assert.Equal("image/jpeg", (await client.GetAsync($"/r/511000/oral-history/honours/{honour.Id}/image?w=320")).Content.Headers.ContentType!.MediaType);
        Assert.Contains($"/r/511000/oral-history/narrators/{narrator}", await client.GetStringAsync($"/r/511000/oral-history/stories/{story.Item.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_honour_needs_a_caption_and_a_real_image()
    {
        var story = await DraftAsync("无图的荣誉", veteran: "honour-vet-2");
        var narrator = await NarratorOfAsync(story.Item.Id);
        var noCaption = await Assert.ThrowsAsync<PlatformException>(() => InScopeAsync(sp => sp.GetRequiredService<HonourService>().AddAsync(Liaison, narrator,
            new HonourInput(HonourKind.Certificate, " ", null), new MemoryStream(DemoMedia.Medal(2)), "c.png")));
        Assert.StartsWith("请填写说明文字", noCaption.MessageZh, StringComparison.Ordinal);
        var notImage = await Assert.ThrowsAsync<PlatformException>(() => InScopeAsync(sp => sp.GetRequiredService<HonourService>().AddAsync(Liaison, narrator,
            new HonourInput(HonourKind.Certificate, "立功证书", 1951), new MemoryStream("not an image"u8.ToArray()), "证书.jpg")));
        Assert.Equal(400, notImage.Status);
        Assert.Contains("文件内容不是图片", notImage.MessageZh, StringComparison.Ordinal);
        Assert.Equal(0, await InScopeAsync(sp => sp.GetRequiredService<OralHistoryDbContext>().Honours.CountAsync(h => h.NarratorId == narrator)));
        Assert.Equal(404, (await Assert.ThrowsAsync<PlatformException>(() => InScopeAsync(sp => sp.GetRequiredService<HonourService>().AddAsync(Zhejiang, narrator,
            new HonourInput(HonourKind.Medal, "越权", null), new MemoryStream(DemoMedia.Medal(3)), "m.png")))).Status);
    }

    [Fact]
    public async Task A_collection_lists_its_published_stories_in_order()
    {
        var a = await PublishedAsync("文集第一篇");
        var b = await DraftAsync("文集里的草稿");
        var c = await PublishedAsync("文集第二篇", region: "511011");
        var volume = await InScopeAsync(sp => sp.GetRequiredService<CollectionService>().CreateAsync(Liaison, "511000", new CollectionInput(CollectionKind.Printed, "测试文集", null, 2026)));
        foreach (var id in new[] { a.Item.Id, b.Item.Id, c.Item.Id })
            await InScopeAsync(sp => sp.GetRequiredService<CollectionService>().SetStoryAsync(Liaison, volume.Id, id, true));
        using var client = Host.CreateClient();
        var html = await client.GetStringAsync($"/r/511000/oral-history/collections/{volume.Id}");
        Assert.True(html.IndexOf("文集第一篇", StringComparison.Ordinal) < html.IndexOf("文集第二篇", StringComparison.Ordinal));
        Assert.DoesNotContain("文集里的草稿", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/r/511002/oral-history/collections/{volume.Id}")).StatusCode); // the city's volume is not a county's
        var outside = await DraftAsync("杭州的稿件", region: "330102", veteran: "hz-vet", by: Zhejiang);
        Assert.Equal(404, (await Assert.ThrowsAsync<PlatformException>(() => InScopeAsync(sp => sp.GetRequiredService<CollectionService>().SetStoryAsync(Liaison, volume.Id, outside.Item.Id, true)))).Status);
    }
}

public sealed class NarratorTests_Sqlite() : NarratorTests(DatabaseKind.Sqlite);

public sealed class NarratorTests_Postgres() : NarratorTests(DatabaseKind.Postgres);
