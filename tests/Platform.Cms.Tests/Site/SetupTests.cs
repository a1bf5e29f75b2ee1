using System.Net;
using Platform.Core.Data;
using Platform.Testing;

namespace Platform.Cms.Tests.Site;

/// <summary>Without --demo an empty database leads to the first-run setup page.</summary>
public abstract class SetupTests(DatabaseKind kind) : IDisposable
{
    private readonly PlatformFactory _host = new(kind, demo: false);

    [Fact]
    public async Task An_empty_database_sends_every_page_to_setup_until_the_first_administrator_exists()
    {
        var browser = _host.CreateBrowser();
        var home = await browser.GetAsync("/r/511000/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/setup", home.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/health")).StatusCode);

        var tooShort = await browser.PostFormAsync("/setup", new() { ["UserName"] = "chief", ["Password"] = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("密码至少 8 位", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var done = await browser.PostFormAsync("/setup",
            new() { ["UserName"] = "chief", ["DisplayName"] = "局长", ["Password"] = "Long-enough-1", ["LoadDemo"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        await browser.SignInAsync("chief", "Long-enough-1");
        var admin = await browser.GetStringAsync("/admin/regions");
        Assert.Contains("内江市", admin, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/setup")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_Chinese_message_and_audited()
    {
        var browser = _host.CreateBrowser();
        await browser.PostFormAsync("/setup", new() { ["UserName"] = "chief2", ["Password"] = "Long-enough-2" });
        var wrong = await browser.PostFormAsync("/admin/login", new() { ["UserName"] = "chief2", ["Password"] = "nope-nope" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("用户名或密码不正确", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await browser.SignInAsync("chief2", "Long-enough-2");
        Assert.Contains("account.signin-failed", await browser.GetStringAsync("/admin/audit"), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _host.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SetupTests_Sqlite() : SetupTests(DatabaseKind.Sqlite);

public sealed class SetupTests_Postgres() : SetupTests(DatabaseKind.Postgres);
