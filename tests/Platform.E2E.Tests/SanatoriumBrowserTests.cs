using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.Testing;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Platform.E2E.Tests;

/// <summary>
/// Issue 8 end to end in a real browser: a liaison officer books a veteran with a companion, the sanatorium's desk
/// confirms, and the stay appears in the family's calendar feed.
/// </summary>
public sealed partial class SanatoriumBrowserTests(BrowserHost host, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    private static async Task SignInAsync(IPage page, string user)
    {
        await page.GotoAsync("/admin");
        await page.GetByLabel("用户名").FillAsync(user);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(BrowserExtensions.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(AdminHome());
    }

    [Fact]
    public async Task A_liaison_books_a_veteran_with_a_companion_the_sanatorium_confirms_and_the_stay_is_in_the_familys_calendar()
    {
        await using var liaisonWindow = await host.NewContextAsync();
        var page = await liaisonWindow.NewPageAsync();
        await SignInAsync(page, "neijiang-liaison");
        await page.Locator("nav.menu").GetByRole(AriaRole.Link, new() { Name = "疗养安排" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "甜城康养疗养院·圣水温泉分院" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "温泉疗养班" }).ClickAsync();
        await Expect(page.Locator("h1#title")).ToContainTextAsync("温泉疗养班");

        var veteran = page.GetByLabel("为谁办理");
        await veteran.SelectOptionAsync(new SelectOptionValue { Index = 3 });
        var veteranName = (await veteran.Locator("option:checked").InnerTextAsync()).Split('（')[0];
        await page.GetByLabel("房型").SelectOptionAsync(new SelectOptionValue { Value = "double" });
        await page.GetByLabel("姓名").FillAsync("李桂芳");
        await page.GetByLabel("关系").SelectOptionAsync(new SelectOptionValue { Label = "配偶" });
        await page.GetByRole(AriaRole.Button, new() { Name = "办理预约" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(BookingPage());
        await Expect(page.Locator("#status")).ToHaveTextAsync("待疗养院确认");
        await Expect(page.Locator("#done-by")).ToHaveTextAsync($"neijiang-liaison（联络员）为 {veteranName} 办理");
        await Expect(page.Locator("#companion")).ToHaveTextAsync("李桂芳（配偶）");
        var bookingUrl = page.Url;
        await page.GetByRole(AriaRole.Button, new() { Name = "生成家属日历链接" }).ClickAsync();
        var feed = await page.Locator("#feed-link a").GetAttributeAsync("href") ?? throw new InvalidOperationException("no feed link");
        Assert.Matches(@"^/r/5110\d\d/sanatoriums/calendar/[A-Za-z0-9_-]{43}\.ics$", feed);

        // The sanatorium's desk, in its own window, confirms the booking.
        await using var deskWindow = await host.NewContextAsync();
        var desk = await deskWindow.NewPageAsync();
        await SignInAsync(desk, "sanatorium-desk");
        await desk.GotoAsync(bookingUrl);
        await desk.GetByLabel("说明（可不填）").FillAsync("安排 2 号楼 203 双人间");
        await desk.GetByRole(AriaRole.Button, new() { Name = "确认预约" }).ClickAsync();
        await Expect(desk.Locator("#status")).ToHaveTextAsync("已确认");
        await Expect(desk.Locator("#history")).ToContainTextAsync("sanatorium-desk：确认预约（安排 2 号楼 203 双人间）");
        await desk.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "sanatorium-booking.png"), FullPage = true });

        // The family subscribes to the link without signing in.
        await using var family = await host.NewContextAsync();
        var response = await family.APIRequest.GetAsync(feed);
        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/calendar", response.Headers["content-type"], StringComparison.Ordinal);
        var ics = await response.TextAsync();
        var bookingId = bookingUrl[(bookingUrl.LastIndexOf('/') + 1)..];
        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains($"UID:sanatorium-booking-{bookingId}@junxiu-platform\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("STATUS:CONFIRMED\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains($"SUMMARY:{veteranName}疗养：甜城康养疗养院·圣水温泉分院\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("同住陪同：李桂芳（配偶）", unfolded, StringComparison.Ordinal);
        output.WriteLine(ics);
    }

    [GeneratedRegex("/admin$")]
    private static partial Regex AdminHome();

    [GeneratedRegex(@"/admin/sanatoriums/bookings/\d+$")]
    private static partial Regex BookingPage();
}
