using Microsoft.AspNetCore.Http;
using Platform.Cms.Caching;
using Platform.Testing;

namespace Platform.Cms.Tests.Caching;

/// <summary>
/// Public pages skip sign-in only when there is nobody to sign in: a visitor with the admin cookie is still recognised
/// on them, and every other endpoint authenticates as before.
/// </summary>
public sealed class PublicSignInTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Fact]
    public async Task A_signed_in_visitor_is_recognised_on_a_public_page_and_an_anonymous_one_is_not()
    {
        using var anonymous = host.CreateClient();
        Assert.Equal("anonymous", await anonymous.GetStringAsync("/r/511000/beta/whoami")); // and sign-in did not run at all
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/r/511000/beta/whoami"))
        {
            request.Headers.Add("Cookie", "platform-admin=not-a-valid-ticket");
            Assert.Equal("anonymous, sign-in ran", await (await anonymous.SendAsync(request)).Content.ReadAsStringAsync());
        }
        using var admin = await host.CreateAdminAsync();
        Assert.Equal(BrowserExtensions.DemoUser, await admin.GetStringAsync("/r/511000/beta/whoami"));
        Assert.Equal(BrowserExtensions.DemoUser, await admin.GetStringAsync("/r/511000/beta/whoami")); // never the cached anonymous page
        Assert.Equal("anonymous", await anonymous.GetStringAsync("/r/511000/beta/whoami"));
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("theme=dark", null, true)]
    [InlineData("platform-admin=x", null, false)]
    [InlineData("a=1; platform-adminC1=x", null, false)]
    [InlineData("platform-session=x", null, false)]
    [InlineData(".AspNetCore.Identity.Application=x", null, false)]
    [InlineData(null, "Bearer abc", false)]
    public void Only_a_request_without_sign_in_cookie_or_token_is_anonymous(string? cookie, string? authorization, bool anonymous)
    {
        var context = new DefaultHttpContext();
        if (cookie is not null) context.Request.Headers.Cookie = cookie;
        if (authorization is not null) context.Request.Headers.Authorization = authorization;
        Assert.Equal(anonymous, PublicRequests.IsAnonymous(context.Request));
        // Without an endpoint marked as a public page, sign-in always runs.
        Assert.False(PublicRequests.SkipsSignIn(context));
    }
}
