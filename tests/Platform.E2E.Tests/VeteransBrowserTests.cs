using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.Testing;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Platform.E2E.Tests;

/// <summary>A liaison officer's morning in a real browser: what is due, one household, a contact recorded.</summary>
public sealed partial class VeteransBrowserTests(BrowserHost host, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task An_officer_opens_what_is_due_visits_a_household_and_records_the_contact()
    {
        await using var context = await host.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin");
        await page.GetByLabel("用户名").FillAsync("neijiang-liaison");
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(BrowserExtensions.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(AdminHome());

        await page.Locator("nav.menu").GetByRole(AriaRole.Link, new() { Name = "联络员工作台" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("联络员工作台");
        var rows = page.Locator("table#due tbody tr");
        Assert.True(await rows.CountAsync() > 0, "the demo officer has households due");
        // Key-group households come first: once a row without a key group appears, no key-group row follows.
        var groups = await page.Locator("table#due tbody tr td:nth-child(3)").AllInnerTextsAsync();
        var firstPlain = groups.ToList().FindIndex(string.IsNullOrWhiteSpace);
        Assert.True(firstPlain < 0 || groups.Skip(firstPlain).All(string.IsNullOrWhiteSpace), string.Join("|", groups));
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "veterans-due.png"), FullPage = true });

        await rows.First.Locator("a").ClickAsync();
        await Expect(page.Locator("h1#name")).ToBeVisibleAsync();
        // Assigned to this officer: the phone is shown in full (and the view is logged).
        await Expect(page.Locator("#phone")).ToHaveTextAsync(PhoneNumber());
        await page.GetByLabel("类型").SelectOptionAsync(new SelectOptionValue { Label = "住院看望" });
        await page.GetByLabel("情况记录").FillAsync("住院看望，精神尚可。");
        await page.GetByLabel("需要跟进的事项（可不填）").FillAsync("出院后上门回访");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存联系记录" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("联系记录已保存");
        await Expect(page.Locator("#contact-log tbody tr").First).ToContainTextAsync("出院后上门回访");
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "veterans-household.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"Screenshot: {screenshot}");
    }

    [GeneratedRegex("/admin$")]
    private static partial Regex AdminHome();

    [GeneratedRegex(@"1\d{10}")]
    private static partial Regex PhoneNumber();
}
