using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core;
using Platform.Core.Data;
using Platform.Modules.OralHistory.Features.Stories;

namespace Platform.OralHistory.Tests;

/// <summary>
/// The publication workflow with its consent rule, and what the public then sees: the story page with player and
/// transcript, media with range requests, nothing of drafts, withdrawn stories, other regions or unconsented media.
/// </summary>
public abstract class PublicationTests(DatabaseKind kind) : OralHistoryTestBase(kind)
{
    [Fact]
    public async Task Publishing_is_refused_until_the_consent_covers_every_kind_of_media_on_the_story()
    {
        var story = await DraftAsync("冰雪长津湖", photo: true, audio: true);
        await FireAsync(story.Item.Id, "submit", Liaison);
        var none = await Assert.ThrowsAsync<PlatformException>(() => FireAsync(story.Item.Id, "approve", Sichuan));
        Assert.Equal((409, "尚未登记讲述人测试老兵对本篇的发布同意，不能发布。请先在“发布同意”中登记签署日期和同意范围。"), (none.Status, none.MessageZh));

        await ConsentAsync(story.Item.Id, photos: false, audioVideo: false);
        var textOnly = await Assert.ThrowsAsync<PlatformException>(() => FireAsync(story.Item.Id, "approve", Sichuan));
        Assert.Contains("范围：仅文字）未包括本篇的照片、录音，不能发布", textOnly.MessageZh, StringComparison.Ordinal);

        await ConsentAsync(story.Item.Id, photos: true, audioVideo: false);
        Assert.Contains("未包括本篇的录音", (await Assert.ThrowsAsync<PlatformException>(() => FireAsync(story.Item.Id, "approve", Sichuan))).MessageZh, StringComparison.Ordinal);

        await ConsentAsync(story.Item.Id, photos: true, audioVideo: true);
        Assert.Equal(403, (await Assert.ThrowsAsync<PlatformException>(() => FireAsync(story.Item.Id, "approve", Liaison))).Status); // the bureau reviews
        Assert.Equal("approved", (await FireAsync(story.Item.Id, "approve", Sichuan)).State);
        Assert.Null(await InScopeAsync(sp => sp.GetRequiredService<StoryService>().GetPublishedAsync(story.Item.Id)));
        Assert.Equal("published", (await FireAsync(story.Item.Id, "publish", Sichuan)).State);
        Assert.Equal("冰雪长津湖", (await InScopeAsync(sp => sp.GetRequiredService<StoryService>().GetPublishedAsync(story.Item.Id)))!.Title);
    }

    [Fact]
    public async Task A_returned_story_goes_back_to_its_writer_and_can_be_submitted_again()
    {
        var story = await DraftAsync("退回重写");
        await FireAsync(story.Item.Id, "submit", Liaison);
        Assert.Equal("returned", (await FireAsync(story.Item.Id, "return", Sichuan)).State);
        Assert.Equal(404, (await Assert.ThrowsAsync<PlatformException>(() => FireAsync(story.Item.Id, "submit", Zhejiang))).Status);
        Assert.Equal("review", (await FireAsync(story.Item.Id, "submit", Liaison)).State);
    }

    [Fact]
    public async Task The_story_page_has_the_player_the_transcript_and_media_that_seeks_with_range_requests()
    {
        var story = await PublishedAsync("电台焐在怀里", photo: true, audio: true);
        var published = (await InScopeAsync(sp => sp.GetRequiredService<StoryService>().GetPublishedAsync(story.Item.Id)))!;
        using var client = Host.CreateClient();
        var page = await client.GetAsync($"/r/511000/oral-history/stories/{story.Item.Id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"<audio id=\"oh-player\" controls preload=\"metadata\" src=\"/r/511000/oral-history/media/{story.Item.Id}/{published.AudioId}\">", html, StringComparison.Ordinal);
        Assert.Contains("class=\"oh-seek\" data-start=\"4\"", html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/r/511000/oral-history/assets/story-player.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("alt=\"1952 年合影\"", html, StringComparison.Ordinal);
        Assert.Contains("https://service.weibo.com/share/share.php?url=", html, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/r/511000/oral-history/media/{story.Item.Id}/{published.AudioId}");
        request.Headers.Range = new RangeHeaderValue(1000, 1099);
        var part = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(100, (await part.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/r/511000/oral-history/media/{story.Item.Id}/{published.Photos[0].MediaId}?w=320")).StatusCode);
    }

    [Fact]
    public async Task Drafts_other_regions_and_withdrawn_stories_are_not_public()
    {
        using var client = Host.CreateClient();
        var draft = await DraftAsync("尚未发布的稿件", audio: true);
        var draftItem = await InScopeAsync(sp => sp.GetRequiredService<StoryService>().GetForEditAsync(Liaison, draft.Item.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/r/511000/oral-history/stories/{draft.Item.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/r/511000/oral-history/media/{draft.Item.Id}/{draftItem.Story.AudioId}")).StatusCode);

        var story = await PublishedAsync("公开后撤下", audio: true);
        var audio = (await InScopeAsync(sp => sp.GetRequiredService<StoryService>().GetPublishedAsync(story.Item.Id)))!.AudioId;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/r/511002/oral-history/stories/{story.Item.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/r/511011/oral-history/stories/{story.Item.Id}")).StatusCode); // a sibling county
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/r/330100/oral-history/stories/{story.Item.Id}")).StatusCode); // off in Zhejiang

        await FireAsync(story.Item.Id, "unpublish", Sichuan);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/r/511000/oral-history/stories/{story.Item.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/r/511000/oral-history/media/{story.Item.Id}/{audio}")).StatusCode);
    }

    [Fact]
    public async Task Consent_narrowed_after_publication_takes_the_recording_off_the_page_at_once()
    {
        var story = await PublishedAsync("收回录音的同意", audio: true);
        var audio = (await InScopeAsync(sp => sp.GetRequiredService<StoryService>().GetPublishedAsync(story.Item.Id)))!.AudioId;
        using var client = Host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/r/511000/oral-history/media/{story.Item.Id}/{audio}")).StatusCode);
        await ConsentAsync(story.Item.Id, photos: false, audioVideo: false);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/r/511000/oral-history/media/{story.Item.Id}/{audio}")).StatusCode);
        var html = await client.GetStringAsync($"/r/511000/oral-history/stories/{story.Item.Id}");
        Assert.DoesNotContain("oh-player", html, StringComparison.Ordinal);
        Assert.Contains("中段", html, StringComparison.Ordinal); // the text stays
    }

    [Fact]
    public async Task The_Atom_feed_lists_published_stories_of_the_region()
    {
        var story = await PublishedAsync("写进订阅的故事");
        await DraftAsync("不进订阅的草稿");
        using var client = Host.CreateClient();
        var feed = await client.GetAsync("/r/511000/oral-history/feed.atom");
        Assert.Equal("application/atom+xml", feed.Content.Headers.ContentType!.MediaType);
        var xml = System.Xml.Linq.XDocument.Parse(await feed.Content.ReadAsStringAsync());
        System.Xml.Linq.XNamespace atom = "http://www.w3.org/2005/Atom";
        var titles = xml.Root!.Elements(atom + "entry").Select(e => e.Element(atom + "title")!.Value).ToList();
        Assert.Contains("写进订阅的故事", titles);
        Assert.DoesNotContain("不进订阅的草稿", titles);
        Assert.Contains(xml.Root.Elements(atom + "entry"), e => e.Element(atom + "id")!.Value.EndsWith($"/r/511000/oral-history/stories/{story.Item.Id}", StringComparison.Ordinal));
    }
}

public sealed class PublicationTests_Sqlite() : PublicationTests(DatabaseKind.Sqlite);

public sealed class PublicationTests_Postgres() : PublicationTests(DatabaseKind.Postgres);
