using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using Platform.Cms.Data;
using Platform.Cms.Identity;
using Platform.Core.Access;
using Platform.Testing;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Cms.Tests.Identity;

/// <summary>
/// What the authorization server and the API must refuse, each with a clear error (and an audit entry where the
/// platform writes one): bad redirect URIs, open redirects, PKCE downgrades, code and refresh-token replay, tampered,
/// expired and wrong-audience tokens, a skipped second factor, locked accounts, and callers outside their scope.
/// </summary>
public abstract class OAuthRefusalTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private const string ReadScope = "openid profile offline_access regions.read";

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string AuthorizeUrl(string? challenge, string? method = "S256", string redirectUri = BrowserExtensions.AdminRedirectUri,
        string scope = ReadScope)
    {
        var url = $"/connect/authorize?client_id={BrowserExtensions.AdminClientId}&response_type=code" +
                  $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&scope={Uri.EscapeDataString(scope)}&state=st-1&nonce=n-1";
        if (challenge is not null) url += $"&code_challenge={challenge}";
        if (method is not null) url += $"&code_challenge_method={method}";
        return url;
    }

    /// <summary>Follows the authorization request through the login form (and second factor) and returns the last response.</summary>
    private static async Task<HttpResponseMessage> AuthorizeAsync(HttpClient browser, string authorizeUrl, string? user = null, string password = BrowserExtensions.DemoPassword)
    {
        var response = await browser.FollowAsync(await browser.GetAsync(authorizeUrl), stopAt: "/signin-oidc");
        if (user is not null && response.RequestMessage!.RequestUri!.AbsolutePath == "/account/login")
        {
            response = await browser.FollowAsync(
                await browser.PostFormAsync(response.RequestMessage.RequestUri.PathAndQuery, new() { ["UserName"] = user, ["Password"] = password }),
                stopAt: "/signin-oidc");
            if (response.RequestMessage!.RequestUri!.AbsolutePath == "/account/two-factor")
                response = await browser.FollowAsync(
                    await browser.PostFormAsync(response.RequestMessage.RequestUri.PathAndQuery, new() { ["Code"] = BrowserExtensions.TotpNow() }),
                    stopAt: "/signin-oidc");
        }
        return response;
    }

    private static System.Collections.Specialized.NameValueCollection CallbackQuery(HttpResponseMessage response)
    {
        var location = response.Headers.Location;
        Assert.True(location is not null && location.IsAbsoluteUri && location.GetLeftPart(UriPartial.Path) == BrowserExtensions.AdminRedirectUri,
            $"Expected a redirect to the callback, got {(int)response.StatusCode} {location}");
        return HttpUtility.ParseQueryString(location!.Query);
    }

    private async Task<string> CodeAsync(string user, string challenge)
    {
        var response = await AuthorizeAsync(host.CreateBrowser(), AuthorizeUrl(challenge), user);
        return CallbackQuery(response)["code"] ?? throw new InvalidOperationException($"No code: {response.Headers.Location}");
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> TokenAsync(Dictionary<string, string> form)
    {
        using var client = host.CreateClient();
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private Task<(HttpStatusCode Status, JsonElement Json)> RedeemAsync(string code, string verifier) => TokenAsync(new()
    {
        ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = BrowserExtensions.AdminRedirectUri,
        ["client_id"] = BrowserExtensions.AdminClientId, ["code_verifier"] = verifier,
    });

    private Task<(HttpStatusCode Status, JsonElement Json)> RefreshAsync(string refreshToken) => TokenAsync(new()
    {
        ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = BrowserExtensions.AdminClientId,
    });

    private static void AssertRefused((HttpStatusCode Status, JsonElement Json) result, string error)
    {
        Assert.True(result.Status == HttpStatusCode.BadRequest, $"Expected 400 {error}, got {(int)result.Status}: {result.Json}");
        Assert.Equal(error, result.Json.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(result.Json.GetProperty("error_description").GetString()), result.Json.ToString());
        Assert.False(result.Json.TryGetProperty("access_token", out _));
    }

    private async Task<HttpResponseMessage> ApiAsync(string? accessToken, HttpMethod? method = null, string path = "/api/v1/regions", object? body = null)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (accessToken is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await client.SendAsync(request);
    }

    private async Task<string> ClientTokenAsync(string clientId, string secret, string scope = "regions.read")
    {
        using var client = host.CreateClient();
        var response = await client.ClientCredentialsAsync(clientId, secret, scope);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("access_token").GetString()!;
    }

    /// <summary>A new person of their own for a test that locks or changes them (liaison officer in Neijiang: no second factor).</summary>
    private async Task<string> NewPersonAsync(string prefix)
    {
        _ = host.Server;
        var name = $"{prefix}-{Guid.NewGuid():N}"[..24];
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<PeopleService>().CreateAsync(
            name, name, BrowserExtensions.DemoPassword, [new GrantInput(PlatformRoles.LiaisonOfficer, "511000")], "test");
        return name;
    }

    private async Task<List<AuditRecord>> AuditAsync(string action, string actor)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CoreDbContext>().Audit.AsNoTracking()
            .Where(a => a.Action == action && a.Actor == actor).OrderBy(a => a.Id).ToListAsync();
    }

    // ---- the authorization endpoint -------------------------------------------------------------------------------

    [Theory]
    [InlineData("http://localhost/signin-oidc/evil")]
    [InlineData("http://localhost/signin-oidc?x=1")]
    [InlineData("http://localhost/signin-oidc/")]
    [InlineData("https://evil.example/signin-oidc")]
    [InlineData("http://localhost/signin-oidc-evil")]
    public async Task A_redirect_uri_that_does_not_match_exactly_gets_an_error_page_and_no_redirect(string redirectUri)
    {
        // Signed in already: were the redirect URI accepted, a code would go straight to it.
        var browser = host.CreateBrowser();
        await browser.SignInToAdminAsync();
        var (_, challenge) = Pkce();

        await AssertErrorPageAsync(await browser.GetAsync(AuthorizeUrl(challenge, redirectUri: redirectUri)), "'redirect_uri' is not valid");
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/admin")]
    public async Task The_login_page_never_redirects_off_site_whatever_the_ReturnUrl(string returnUrl)
    {
        foreach (var user in new[] { "neijiang-liaison", BrowserExtensions.DemoUser })
        {
            var browser = host.CreateBrowser();
            var page = "/account/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
            var response = await browser.PostFormAsync(page, new() { ["UserName"] = user, ["Password"] = BrowserExtensions.DemoPassword });
            // Walk the redirects by hand, checking each target before following it.
            for (var hops = 0; hops < 10 && (int)response.StatusCode is >= 300 and < 400; hops++)
            {
                var location = response.Headers.Location!;
                Assert.False(location.IsAbsoluteUri, $"{user}: redirected off site to {location}");
                Assert.True(location.OriginalString.StartsWith('/') && !location.OriginalString.StartsWith("//", StringComparison.Ordinal)
                    && !location.OriginalString.StartsWith("/\\", StringComparison.Ordinal), $"{user}: redirected to {location}");
                if (location.OriginalString.StartsWith("/account/two-factor", StringComparison.Ordinal))
                {
                    response = await browser.PostFormAsync(location.OriginalString, new() { ["Code"] = BrowserExtensions.TotpNow() });
                    continue;
                }
                if (location.OriginalString.StartsWith("/admin", StringComparison.Ordinal) && !location.OriginalString.StartsWith("/admin/", StringComparison.Ordinal))
                    break; // landed on the local admin home
                response = await browser.GetAsync(location.OriginalString);
            }
            Assert.Equal("/admin", response.Headers.Location?.OriginalString);
        }
    }

    /// <summary>
    /// The authorization endpoint's own error page: 400, no redirect anywhere, and the reason in words. (OpenIddict checks
    /// these parameters before it looks up the client's redirect URIs, so it answers here instead of redirecting.)
    /// </summary>
    private static async Task AssertErrorPageAsync(HttpResponseMessage response, string mentions)
    {
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {response.Headers.Location} {body}");
        Assert.Null(response.Headers.Location);
        Assert.DoesNotContain("code=", body, StringComparison.Ordinal);
        Assert.Contains("无法完成登录", body, StringComparison.Ordinal);
        Assert.Contains("invalid_request", body, StringComparison.Ordinal);
        Assert.Contains(mentions, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authorization_request_without_PKCE_is_refused()
    {
        var browser = host.CreateBrowser();
        await browser.SignInToAdminAsync();
        await AssertErrorPageAsync(await browser.GetAsync(AuthorizeUrl(challenge: null, method: null)), "'code_challenge' parameter is missing");
        // A challenge without its method is no better: the server would otherwise assume "plain".
        var (_, challenge) = Pkce();
        await AssertErrorPageAsync(await browser.GetAsync(AuthorizeUrl(challenge, method: null)), "code_challenge_method");
    }

    [Fact]
    public async Task A_plain_PKCE_challenge_is_refused()
    {
        var browser = host.CreateBrowser();
        await browser.SignInToAdminAsync();
        var (verifier, _) = Pkce();
        await AssertErrorPageAsync(await browser.GetAsync(AuthorizeUrl(challenge: verifier, method: "plain")), "'code_challenge_method' is not supported");
    }

    [Fact]
    public async Task A_code_redeemed_with_the_wrong_verifier_is_refused()
    {
        var (_, challenge) = Pkce();
        var code = await CodeAsync("neijiang-liaison", challenge);
        var (otherVerifier, _) = Pkce();
        AssertRefused(await RedeemAsync(code, otherVerifier), Errors.InvalidGrant);
    }

    [Fact]
    public async Task An_administrator_who_gives_the_password_but_not_the_second_factor_gets_no_code()
    {
        var browser = host.CreateBrowser();
        var login = await browser.PostFormAsync("/account/login", new() { ["UserName"] = "admin", ["Password"] = BrowserExtensions.DemoPassword });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.StartsWith("/account/two-factor", login.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // Straight to the authorization endpoint, skipping the second-factor page.
        var (_, challenge) = Pkce();
        var response = await browser.GetAsync(AuthorizeUrl(challenge));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.IsAbsoluteUri
            ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString, StringComparison.Ordinal);
        var followed = await browser.FollowAsync(response, stopAt: "/signin-oidc");
        Assert.Equal("/account/login", followed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Null(followed.Headers.Location);

        // Nor does prompt=none give one: the answer is login_required.
        var silent = await browser.GetAsync(AuthorizeUrl(challenge) + "&prompt=none");
        var query = CallbackQuery(silent);
        Assert.Null(query["code"]);
        Assert.Equal("login_required", query["error"]);
    }

    // ---- the token endpoint -------------------------------------------------------------------------------------

    [Fact]
    public async Task A_reused_authorization_code_is_refused_and_the_tokens_it_gave_are_revoked()
    {
        var (verifier, challenge) = Pkce();
        var code = await CodeAsync("neijiang-liaison", challenge);
        var first = await RedeemAsync(code, verifier);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var access = first.Json.GetProperty("access_token").GetString()!;
        var refresh = first.Json.GetProperty("refresh_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await ApiAsync(access)).StatusCode);

        var audited = await RefusalAuditCountAsync("platform-admin-ui", Errors.InvalidGrant);
        AssertRefused(await RedeemAsync(code, verifier), Errors.InvalidGrant);
        Assert.Equal(audited + 1, await RefusalAuditCountAsync("platform-admin-ui", Errors.InvalidGrant));

        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiAsync(access)).StatusCode);
        AssertRefused(await RefreshAsync(refresh), Errors.InvalidGrant);
    }

    /// <summary>Refusals by the authorization server itself are audited (client and error, never the token).</summary>
    private async Task<int> RefusalAuditCountAsync(string clientId, string error)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Platform.Cms.Data.CoreDbContext>();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            db.Audit.Where(a => a.Action == "oauth.token-refused" && a.Actor == clientId && a.After!.StartsWith(error)));
    }

    [Fact]
    public async Task A_replayed_refresh_token_is_refused_and_ends_the_whole_chain()
    {
        var tokens = await host.CreateBrowser().GetUserTokenAsync("neijiang-liaison", scope: ReadScope);
        var rotated = await RefreshAsync(tokens.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        var newAccess = rotated.Json.GetProperty("access_token").GetString()!;
        var newRefresh = rotated.Json.GetProperty("refresh_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await ApiAsync(newAccess)).StatusCode);

        // The old refresh token again (no reuse leeway): refused and audited, and everything issued from that sign-in is revoked.
        var audited = await RefusalAuditCountAsync("platform-admin-ui", Errors.InvalidGrant);
        AssertRefused(await RefreshAsync(tokens.RefreshToken!), Errors.InvalidGrant);
        Assert.Equal(audited + 1, await RefusalAuditCountAsync("platform-admin-ui", Errors.InvalidGrant));
        AssertRefused(await RefreshAsync(newRefresh), Errors.InvalidGrant);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiAsync(newAccess)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiAsync(tokens.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task A_provider_system_cannot_ask_for_a_scope_it_was_not_given()
    {
        using var client = host.CreateClient();
        var response = await client.ClientCredentialsAsync("demo-provider-a-system", "demo-provider-a-secret", "regions.read regions.write");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        // OpenIddict answers invalid_request ("not allowed to use the specified scope") rather than invalid_scope.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(json.GetProperty("error").GetString(), new[] { Errors.InvalidScope, Errors.InvalidRequest });
        Assert.Contains("scope", json.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.False(json.TryGetProperty("access_token", out _));

        var wrongSecret = await client.ClientCredentialsAsync("demo-provider-a-system", "demo-provider-b-secret", "regions.read");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.True(await RefusalAuditCountAsync("demo-provider-a-system", Errors.InvalidClient) >= 1);
        Assert.Equal(Errors.InvalidClient, (await wrongSecret.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    // ---- the API: bearer tokens ---------------------------------------------------------------------------------

    [Fact]
    public async Task A_tampered_access_token_is_refused()
    {
        var token = await ClientTokenAsync("demo-provider-a-system", "demo-provider-a-secret");
        Assert.Equal(HttpStatusCode.OK, (await ApiAsync(token)).StatusCode);
        // Flip one character in the middle of every part (header, key, IV, ciphertext, tag for an encrypted token).
        var parts = token.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length < 4) continue;
            var chars = parts[i].ToCharArray();
            var at = chars.Length / 2;
            chars[at] = chars[at] == 'A' ? 'B' : 'A';
            var tampered = string.Join('.', parts.Select((p, j) => j == i ? new string(chars) : p));
            var response = await ApiAsync(tampered);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"part {i}: {(int)response.StatusCode}");
            Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiAsync(token[..^1])).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiAsync(null)).StatusCode);
    }

    [Fact]
    public async Task An_identity_token_is_not_an_access_token()
    {
        var tokens = await host.CreateBrowser().GetUserTokenAsync("neijiang-liaison", scope: ReadScope);
        Assert.NotNull(tokens.IdToken);
        // The identity token is genuine and unexpired, but its audience is the client, not the API.
        var payload = JsonDocument.Parse(Base64UrlDecode(tokens.IdToken!.Split('.')[1])).RootElement;
        Assert.Equal(BrowserExtensions.AdminClientId, payload.GetProperty("aud").ValueKind == JsonValueKind.Array
            ? payload.GetProperty("aud")[0].GetString() : payload.GetProperty("aud").GetString());
        Assert.Equal(HttpStatusCode.OK, (await ApiAsync(tokens.AccessToken)).StatusCode);
        var response = await ApiAsync(tokens.IdToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_access_token_is_refused()
    {
        // An honest expiry: a client whose access tokens live 5 seconds (OpenIddict's per-client token lifetime setting;
        // 2 seconds was too short on a loaded 2-core machine: a token could expire before its response was written, and
        // OpenIddict then leaves expires_in out).
        _ = host.Server;
        var clientId = "short-lived-" + Guid.NewGuid().ToString("N")[..8];
        using (var scope = host.Services.CreateScope())
        {
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = clientId, ClientSecret = "short-lived-secret", ClientType = ClientTypes.Confidential, DisplayName = clientId,
            };
            descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + "regions.read"]);
            descriptor.Settings[Settings.TokenLifetimes.AccessToken] = TimeSpan.FromSeconds(5).ToString("c", System.Globalization.CultureInfo.InvariantCulture);
            descriptor.Properties[ClientRegistry.GrantsProperty] =
                JsonSerializer.SerializeToElement(new[] { new GrantClaim(PlatformRoles.ProviderSystem, "511000", "demo-provider-a").Format() });
            await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(descriptor);
        }
        using var client = host.CreateClient();
        var issued = await client.ClientCredentialsAsync(clientId, "short-lived-secret", "regions.read");
        var json = await issued.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(issued.IsSuccessStatusCode, json.ToString());
        Assert.InRange(json.GetProperty("expires_in").GetInt32(), 1, 5);
        var token = json.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await ApiAsync(token)).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(6.5));
        var response = await ApiAsync(token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_issued_before_a_restart_still_validate_after_it()
    {
        var token = await ClientTokenAsync("demo-provider-a-system", "demo-provider-a-secret");
        var user = await host.CreateBrowser().GetUserTokenAsync("neijiang-liaison", scope: ReadScope);
        using var again = host.Restart();
        using var client = again.CreateClient();
        foreach (var bearer in new[] { token, user.AccessToken })
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/regions")).StatusCode);
        }
        // The refresh token too: the restarted host redeems it.
        var refreshed = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = user.RefreshToken!, ["client_id"] = BrowserExtensions.AdminClientId,
        }));
        Assert.True(refreshed.IsSuccessStatusCode, await refreshed.Content.ReadAsStringAsync());
    }

    // ---- accounts -----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_the_sixth_try_is_refused_even_when_right_and_its_refresh_token_stops_working()
    {
        var name = await NewPersonAsync("lockout");
        var tokens = await host.CreateBrowser().GetUserTokenAsync(name, scope: ReadScope);
        var signIns = (await AuditAsync("account.signin", name)).Count;

        var browser = host.CreateBrowser();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await browser.PostFormAsync("/account/login", new() { ["UserName"] = name, ["Password"] = "Wrong#Password" + i });
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }
        var right = await browser.PostFormAsync("/account/login", new() { ["UserName"] = name, ["Password"] = BrowserExtensions.DemoPassword });
        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("账号已锁定", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(right.Headers.Location);

        var failed = await AuditAsync("account.signin-failed", name);
        Assert.Equal(6, failed.Count);
        Assert.Equal("wrong password", failed[0].After);
        Assert.Equal("locked", failed[^1].After);
        Assert.Equal(signIns, (await AuditAsync("account.signin", name)).Count);

        // A lockout by wrong passwords revokes nothing by itself; the token endpoint refuses the locked person and says so in the audit.
        var refresh = await RefreshAsync(tokens.RefreshToken!);
        AssertRefused(refresh, Errors.InvalidGrant);
        Assert.Contains("锁定", refresh.Json.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Single(await AuditAsync("token.refused", name));
    }

    [Fact]
    public async Task Locking_a_person_ends_their_refresh_and_access_tokens()
    {
        var name = await NewPersonAsync("locked");
        var tokens = await host.CreateBrowser().GetUserTokenAsync(name, scope: ReadScope);
        Assert.Equal(HttpStatusCode.OK, (await ApiAsync(tokens.AccessToken)).StatusCode);

        using (var scope = host.Services.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>().FindByNameAsync(name);
            await scope.ServiceProvider.GetRequiredService<PeopleService>().LockAsync(user!, "admin");
        }

        AssertRefused(await RefreshAsync(tokens.RefreshToken!), Errors.InvalidGrant);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiAsync(tokens.AccessToken)).StatusCode);
        Assert.Single(await AuditAsync("person.lock", "admin"), a => a.After == $"{name} 已锁定");
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_refresh_tokens()
    {
        var name = await NewPersonAsync("pwchange");
        var tokens = await host.CreateBrowser().GetUserTokenAsync(name, scope: ReadScope);

        using (var scope = host.Services.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>().FindByNameAsync(name);
            await scope.ServiceProvider.GetRequiredService<PeopleService>().ChangePasswordAsync(user!, BrowserExtensions.DemoPassword, "Another#Pass2026");
        }

        AssertRefused(await RefreshAsync(tokens.RefreshToken!), Errors.InvalidGrant);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiAsync(tokens.AccessToken)).StatusCode);
        Assert.Single(await AuditAsync("person.password-change", name));
        // The new password works and gives a working token.
        var fresh = await host.CreateBrowser().GetUserTokenAsync(name, "Another#Pass2026", ReadScope);
        Assert.Equal(HttpStatusCode.OK, (await ApiAsync(fresh.AccessToken)).StatusCode);
    }

    // ---- scope: provider systems and bureau administrators ------------------------------------------------------

    private async Task<string> FeaturesAsync(string region)
    {
        var reader = await ClientTokenAsync("demo-provider-a-system", "demo-provider-a-secret");
        var response = await ApiAsync(reader, path: $"/api/v1/regions/{region}/features");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_provider_systems_token_cannot_switch_modules_in_Zhejiang()
    {
        var before = await FeaturesAsync("330000");
        var token = await ClientTokenAsync("demo-provider-a-system", "demo-provider-a-secret");
        foreach (var region in new[] { "330000", "511000" })
        {
            var response = await ApiAsync(token, HttpMethod.Put, $"/api/v1/regions/{region}/features/Alpha", new { state = "off" });
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{region}: {(int)response.StatusCode}");
        }
        Assert.Equal(before, await FeaturesAsync("330000"));
        Assert.Empty(await AuditAsync("feature.disable", "demo-provider-a-system"));
    }

    [Fact]
    public async Task The_Zhejiang_bureau_cannot_switch_modules_in_Sichuan_and_nothing_changes()
    {
        var zhejiang = await host.CreateBrowser().GetUserTokenAsync("zhejiang");
        var before = await FeaturesAsync("511000");
        foreach (var state in new[] { "off", "on", "inherit" })
        {
            var response = await ApiAsync(zhejiang.AccessToken, HttpMethod.Put, "/api/v1/regions/511000/features/Alpha", new { state });
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("未找到", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(before, await FeaturesAsync("511000"));
        Assert.Empty(await AuditAsync("feature.disable", "zhejiang"));

        // Inside its own subtree the same call works: the refusal above is about scope, not a broken request.
        var own = await ApiAsync(zhejiang.AccessToken, HttpMethod.Put, "/api/v1/regions/330102/features/Beta", new { state = "off" });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    private static byte[] Base64UrlDecode(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}

public sealed class OAuthRefusalTests_Sqlite(SqliteHost host) : OAuthRefusalTests<SqliteHost>(host);

public sealed class OAuthRefusalTests_Postgres(PostgresHost host) : OAuthRefusalTests<PostgresHost>(host);
