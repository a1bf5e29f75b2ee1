using System.Net;
using System.Text.RegularExpressions;
using OtpNet;
using Platform.Core.Data;
using Platform.Testing;

namespace Platform.Cms.Tests.Site;

/// <summary>Without --demo an empty database leads to the first-run setup page; the first administrator enrols a second factor.</summary>
public abstract partial class SetupTests(DatabaseKind kind) : IDisposable
{
    private readonly PlatformFactory _host = new(kind, demo: false);

    [Fact]
    public async Task An_empty_database_sends_every_page_to_setup_and_the_first_administrator_enrols_a_second_factor()
    {
        var browser = _host.CreateBrowser();
        var home = await browser.GetAsync("/r/511000/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/setup", home.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/health")).StatusCode);

        var tooShort = await browser.PostFormAsync("/setup", new() { ["UserName"] = "chief", ["Password"] = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("密码至少 10 位", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var done = await browser.PostFormAsync("/setup",
            new() { ["UserName"] = "chief", ["DisplayName"] = "局长", ["Password"] = "Long-enough-1", ["LoadDemo"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        // Password first; an administrator without a second factor is sent to enrol and gets no session yet.
        var login = await browser.FollowAsync(await browser.GetAsync("/admin"));
        var enrol = await browser.FollowAsync(await browser.PostFormAsync(login.RequestMessage!.RequestUri!.PathAndQuery,
            new() { ["UserName"] = "chief", ["Password"] = "Long-enough-1" }));
        Assert.Equal("/account/enrol", enrol.RequestMessage!.RequestUri!.AbsolutePath);
        var enrolPage = await enrol.Content.ReadAsStringAsync();
        Assert.Contains("alt=\"身份验证器二维码\"", enrolPage, StringComparison.Ordinal);
        var key = KeyPattern().Match(enrolPage).Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin/regions")).StatusCode);

        var wrongCode = await browser.PostFormAsync(enrol.RequestMessage.RequestUri.PathAndQuery, new() { ["Code"] = "000000" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongCode.StatusCode);
        Assert.Contains("验证码不正确", await wrongCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var enrolled = await browser.PostFormAsync(enrol.RequestMessage.RequestUri.PathAndQuery,
            new() { ["Code"] = new Totp(Base32Encoding.ToBytes(key)).ComputeTotp() });
        var codes = await enrolled.Content.ReadAsStringAsync();
        Assert.Contains("id=\"recovery-codes\"", codes, StringComparison.Ordinal);

        var admin = await browser.FollowAsync(await browser.GetAsync("/admin"));
        Assert.Equal("/admin", admin.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("内江市", await browser.GetStringAsync("/admin/regions"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/setup")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_Chinese_message_and_audited()
    {
        var browser = _host.CreateBrowser();
        await browser.PostFormAsync("/setup", new() { ["UserName"] = "chief2", ["Password"] = "Long-enough-2" });
        var wrong = await browser.PostFormAsync("/account/login", new() { ["UserName"] = "chief2", ["Password"] = "nope-nope" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("用户名或密码不正确", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(_host.Services);
        var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Platform.Cms.Data.CoreDbContext>(scope.ServiceProvider);
        Assert.Contains(db.Audit, a => a.Action == "account.signin-failed" && a.Actor == "chief2");
    }

    public void Dispose()
    {
        _host.Dispose();
        GC.SuppressFinalize(this);
    }

    [GeneratedRegex("id=\"authenticator-key\">([A-Z2-7]+)<")]
    private static partial Regex KeyPattern();
}

public sealed class SetupTests_Sqlite() : SetupTests(DatabaseKind.Sqlite);

public sealed class SetupTests_Postgres() : SetupTests(DatabaseKind.Postgres);
