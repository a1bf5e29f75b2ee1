using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Identity;
using Platform.Testing;

namespace Platform.Cms.Tests.Identity;

/// <summary>A third-party system registered with redirect addresses asks the person once before it gets a code.</summary>
public abstract partial class ConsentTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private const string Redirect = "https://partner.example/callback";

    private async Task RegisterAsync(string clientId)
    {
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ClientRegistry>().CreateAsync(
            new ClientInput(clientId, "甲服务商预约系统", "demo-provider-a", "511000", false, [Redirect], ["regions.read"]), "test");
    }

    private static string AuthorizeUrl(string clientId)
    {
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(new string('v', 50))))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"/connect/authorize?client_id={clientId}&response_type=code&redirect_uri={Uri.EscapeDataString(Redirect)}" +
               $"&scope=regions.read&code_challenge={challenge}&code_challenge_method=S256&state=xyz";
    }

    private async Task<(HttpClient Browser, HttpResponseMessage Consent)> SignInAndAskAsync(string clientId)
    {
        var browser = host.CreateBrowser();
        var login = await browser.FollowAsync(await browser.GetAsync(AuthorizeUrl(clientId)));
        var consent = await browser.FollowAsync(await browser.SubmitLoginAsync(login, "provider-a", BrowserExtensions.DemoPassword), stopAt: "https://");
        return (browser, consent);
    }

    private static FormUrlEncodedContent Answer(string page, string answer) => new(
        HiddenInput().Matches(page).Select(m => KeyValuePair.Create(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Append(KeyValuePair.Create("consent", answer)));

    [Fact]
    public async Task The_person_is_asked_once_and_a_yes_gives_the_system_a_code()
    {
        await RegisterAsync("partner-consent-yes");
        var (browser, consent) = await SignInAndAskAsync("partner-consent-yes");
        var page = await consent.Content.ReadAsStringAsync();
        Assert.Contains("授权确认", page, StringComparison.Ordinal);
        Assert.Contains("甲服务商预约系统", page, StringComparison.Ordinal);
        Assert.Contains("读取行政区划与模块开关", page, StringComparison.Ordinal);

        var yes = await browser.PostAsync("/connect/authorize", Answer(page, "accept"));
        Assert.Equal(HttpStatusCode.Redirect, yes.StatusCode);
        Assert.StartsWith(Redirect + "?code=", yes.Headers.Location!.ToString(), StringComparison.Ordinal);

        var again = await browser.GetAsync(AuthorizeUrl("partner-consent-yes"));
        Assert.StartsWith(Redirect + "?code=", again.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_no_sends_access_denied_back_and_no_code()
    {
        await RegisterAsync("partner-consent-no");
        var (browser, consent) = await SignInAndAskAsync("partner-consent-no");
        var no = await browser.PostAsync("/connect/authorize", Answer(await consent.Content.ReadAsStringAsync(), "deny"));
        var location = no.Headers.Location!.ToString();
        Assert.StartsWith(Redirect, location, StringComparison.Ordinal);
        Assert.Contains("error=access_denied", location, StringComparison.Ordinal);
        Assert.DoesNotContain("code=", location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unregistered_redirect_address_gets_a_Chinese_error_page_and_no_redirect()
    {
        await RegisterAsync("partner-consent-evil");
        var response = await host.CreateBrowser().GetAsync(AuthorizeUrl("partner-consent-evil").Replace("callback", "evil", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("无法完成登录", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();
}

public sealed class ConsentTests_Sqlite(SqliteHost host) : ConsentTests<SqliteHost>(host);

public sealed class ConsentTests_Postgres(PostgresHost host) : ConsentTests<PostgresHost>(host);
