using Platform.Testing;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Platform.E2E.Tests;

/// <summary>What a person sees in a real browser: the admin shell, and the public site on a phone.</summary>
public sealed partial class AdminShellBrowserTests(BrowserHost host, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task An_administrator_signs_in_switches_region_and_the_menu_follows_the_modules()
    {
        await using var context = await host.NewContextAsync();
        var page = await context.NewPageAsync();

        // Signed out, /admin goes through the platform's own authorization server to the sign-in form,
        // then the second factor, then back to the admin.
        await page.GotoAsync("/admin");
        await Expect(page).ToHaveURLAsync(LoginUrl());
        await page.GetByLabel("用户名").FillAsync(BrowserExtensions.DemoUser);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(BrowserExtensions.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(TwoFactorUrl());
        await page.Locator("#code").FillAsync(BrowserExtensions.TotpNow());
        await page.GetByRole(AriaRole.Button, new() { Name = "验证", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(AdminHomeUrl());

        // Pick 资中县 in the region picker, on the modules page.
        await page.Locator("nav.menu").GetByRole(AriaRole.Link, new() { Name = "模块开关" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(FeaturesUrl());
        await page.Locator("select#region-picker").SelectOptionAsync("511025");
        await page.GetByRole(AriaRole.Button, new() { Name = "切换", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("资中县");
        var alphaInMenu = page.Locator("nav.menu a[data-module=\"Alpha\"]");
        await Expect(alphaInMenu).ToHaveCountAsync(1);

        // Beta depends on Alpha: switch Beta off first, then Alpha.
        await SwitchAsync(page, "Beta", "停用");
        await Expect(page.Locator("#module-Beta td.off")).ToHaveTextAsync("停用");
        await SwitchAsync(page, "Alpha", "停用");
        await Expect(page.Locator("#module-Alpha td.off")).ToHaveTextAsync("停用");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存");
        await Expect(alphaInMenu).ToHaveCountAsync(0);

        // The public home of that county no longer offers Alpha; its neighbour still inherits it from 内江市.
        await page.GotoAsync("/r/511025/");
        await Expect(page.Locator("h1")).ToContainTextAsync("资中县");
        await Expect(page.Locator("a[href=\"/r/511025/alpha/\"]")).ToHaveCountAsync(0);
        await page.GotoAsync("/r/511024/");
        await Expect(page.Locator("a[href=\"/r/511024/alpha/\"]")).ToHaveCountAsync(1);

        // In 杭州市 Beta is on (inherited from 浙江省): switching Alpha off is refused, in Chinese, and nothing changes.
        await page.GotoAsync("/admin/features");
        await page.Locator("select#region-picker").SelectOptionAsync("330100");
        await page.GetByRole(AriaRole.Button, new() { Name = "切换", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("杭州市");
        await SwitchAsync(page, "Alpha", "停用");
        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("无法停用");
        await Expect(alert).ToContainTextAsync("乙模块");
        await Expect(page.Locator("#module-Alpha td.on")).ToHaveTextAsync("启用");
        await Expect(page.Locator("nav.menu a[data-module=\"Alpha\"]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_public_region_home_is_readable_at_large_type_on_a_phone()
    {
        await using var context = await host.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/r/511000/");
        Assert.Equal(200, response?.Status);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("h1")).ToContainTextAsync("内江市");

        var fontSize = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).fontSize");
        Assert.True(double.Parse(fontSize.Replace("px", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) >= 18,
            $"body font-size is {fontSize}, expected at least 18px");

        // The module tiles (甲模块, 乙模块) and the county tiles are all shown (none hidden).
        var tiles = page.Locator("ul.tiles a");
        await Expect(page.Locator("#modules a[data-module=\"Alpha\"]")).ToHaveTextAsync("甲模块");
        Assert.True(await tiles.CountAsync() >= 7, "expected the two module tiles and the five county tiles");
        foreach (var tile in await tiles.AllAsync()) await Expect(tile).ToBeVisibleAsync();

        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (scrollWidth, innerWidth) = (widths[0], widths[1]);
        Assert.True(scrollWidth <= innerWidth, $"horizontal scroll on a phone: scrollWidth {scrollWidth} > innerWidth {innerWidth}");

        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "region-home-phone.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"Screenshot: {screenshot}");
    }

    private static async Task SwitchAsync(IPage page, string module, string button) =>
        await page.Locator($"#module-{module}").GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();

    [GeneratedRegex("/account/login")]
    private static partial Regex LoginUrl();

    [GeneratedRegex("/account/two-factor")]
    private static partial Regex TwoFactorUrl();

    [GeneratedRegex("/admin$")]
    private static partial Regex AdminHomeUrl();

    [GeneratedRegex("/admin/features$")]
    private static partial Regex FeaturesUrl();
}
