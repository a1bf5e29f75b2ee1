using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Platform.E2E.Tests;

/// <summary>A visitor on a phone finds a veteran's story, opens it, and the transcript drives the player.</summary>
public sealed class OralHistoryBrowserTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task A_visitor_searches_opens_a_story_and_a_transcript_segment_moves_the_player()
    {
        await using var context = await host.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/r/511000/oral-history/");
        await Expect(page.Locator("h1")).ToContainTextAsync("口述历史");
        await Expect(page.Locator(".oh-column")).ToContainTextAsync("长津湖的冬天");

        // The index is built in the background when the host starts: search until the demo stories are in it.
        var result = page.GetByRole(AriaRole.Link, new() { Name = "长津湖的冬天" });
        for (var attempt = 0; attempt < 40; attempt++)
        {
            await page.GotoAsync("/r/511000/oral-history/");
            await page.GetByLabel("搜索老兵的故事").FillAsync("长津湖");
            await page.GetByRole(AriaRole.Button, new() { Name = "搜索", Exact = true }).ClickAsync();
            await page.WaitForURLAsync("**/r/511000/search?**");
            if (await result.CountAsync() > 0) break;
            await Task.Delay(250);
        }
        await result.First.ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("长津湖的冬天");

        var player = page.Locator("audio#oh-player");
        await Expect(player).ToHaveCountAsync(1);
        Assert.Equal(0, await player.EvaluateAsync<double>("p => p.currentTime"));
        await page.Locator(".oh-seek[data-start=\"8\"]").ClickAsync();
        await Expect(page.Locator("#seg-2")).ToHaveAttributeAsync("aria-current", "true");
        var position = await player.EvaluateAsync<double>("p => p.currentTime");
        Assert.InRange(position, 7.9, 12);
        await Expect(page.Locator("#seg-0")).Not.ToHaveAttributeAsync("aria-current", "true");
    }
}
