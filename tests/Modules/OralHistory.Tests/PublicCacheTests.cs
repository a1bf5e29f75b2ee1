using System.Net;
using System.Net.Http.Json;
using Platform.Core.Data;

namespace Platform.OralHistory.Tests;

/// <summary>
/// Story pages come from the output cache for anonymous visitors, and every change the page shows takes effect on the
/// next request: narrowed consent, withdrawal, the module switched off. Signed-in visitors never get a cached page.
/// </summary>
public abstract class PublicCacheTests(DatabaseKind kind) : OralHistoryTestBase(kind)
{
    private static bool FromCache(HttpResponseMessage response) => response.Headers.Age is not null;

    [Fact]
    public async Task A_cached_story_page_follows_consent_withdrawal_and_the_module_switch_at_once()
    {
        var story = await PublishedAsync("缓存里的故事", audio: true);
        var url = $"/r/511000/oral-history/stories/{story.Item.Id}";
        using var client = Host.CreateClient();

        var first = await client.GetAsync(url);
        var second = await client.GetAsync(url);
        Assert.False(FromCache(first));
        Assert.True(FromCache(second), "the second anonymous request is served from the output cache");
        Assert.Contains("oh-player", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await ConsentAsync(story.Item.Id, photos: false, audioVideo: false);
        var narrowed = await client.GetAsync(url);
        Assert.False(FromCache(narrowed));
        Assert.DoesNotContain("oh-player", await narrowed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(FromCache(await client.GetAsync(url)));

        using var admin = await Host.CreateAdminAsync();
        (await admin.PutAsJsonAsync("/api/v1/regions/511000/features/OralHistory", new { state = "off" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        (await admin.PutAsJsonAsync("/api/v1/regions/511000/features/OralHistory", new { state = "on" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);

        await FireAsync(story.Item.Id, "unpublish", Sichuan);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode); // a 404 is never kept either
    }

    [Fact]
    public async Task The_region_page_shows_a_newly_published_story_and_signed_in_visitors_are_never_served_from_the_cache()
    {
        using var client = Host.CreateClient();
        await client.GetAsync("/r/511000/oral-history/");
        Assert.True(FromCache(await client.GetAsync("/r/511000/oral-history/")));

        await PublishedAsync("刚刚发表的口述");
        var index = await client.GetAsync("/r/511000/oral-history/");
        Assert.False(FromCache(index));
        Assert.Contains("刚刚发表的口述", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/r/511000/oral-history/");
            request.Headers.Add("Cookie", "platform-session=anything");
            Assert.False(FromCache(await client.SendAsync(request)));
        }
    }
}

public sealed class PublicCacheTests_Sqlite() : PublicCacheTests(DatabaseKind.Sqlite);

public sealed class PublicCacheTests_Postgres() : PublicCacheTests(DatabaseKind.Postgres);
