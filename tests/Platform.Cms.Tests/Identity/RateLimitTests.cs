using System.Net;
using Platform.Core.Data;
using Platform.Testing;

namespace Platform.Cms.Tests.Identity;

/// <summary>Sign-in and token endpoints are rate-limited per address, so guessing passwords or secrets is slow.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly PlatformFactory _host = new(DatabaseKind.Sqlite, settings: new Dictionary<string, string>
    {
        ["Platform:RateLimits:LoginPerMinute"] = "3",
        ["Platform:RateLimits:TokenPerSecond"] = "2",
    });

    [Fact]
    public async Task The_login_form_answers_429_after_the_limit()
    {
        var browser = _host.CreateBrowser();
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "admin", ["Password"] = "guess" });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await browser.PostAsync("/account/login", form)).StatusCode);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task The_token_endpoint_answers_429_after_the_limit()
    {
        var client = _host.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
            statuses.Add((await client.ClientCredentialsAsync("demo-provider-a-system", "demo-provider-a-secret", "regions.read")).StatusCode);
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    public void Dispose() => _host.Dispose();
}
