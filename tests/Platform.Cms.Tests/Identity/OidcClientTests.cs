using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Duende.IdentityModel.Client;
using Duende.IdentityModel.OidcClient;
using Duende.IdentityModel.OidcClient.Browser;
using Duende.IdentityModel.OidcClient.Results;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Testing;

namespace Platform.Cms.Tests.Identity;

/// <summary>
/// A real OpenID Connect client library (Duende.IdentityModel.OidcClient) against the platform's authorization server:
/// discovery, authorization code + PKCE through the real login and second-factor pages, identity token validation,
/// refresh, the API, and revocation of the refresh and access tokens.
/// </summary>
public abstract class OidcClientTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private const string Authority = "http://localhost";
    private const string Scope = "openid profile offline_access regions.read";

    private OidcClient CreateClient(IBrowser browser) => new(new OidcClientOptions
    {
        Authority = Authority,
        ClientId = BrowserExtensions.AdminClientId,
        RedirectUri = BrowserExtensions.AdminRedirectUri,
        Scope = Scope,
        Browser = browser,
        BackchannelHandler = host.Server.CreateHandler(),
        RefreshTokenInnerHttpHandler = host.Server.CreateHandler(),
        IdentityTokenValidator = new JwtIdentityTokenValidator(),
        // The in-memory server is plain HTTP on localhost, which the discovery policy allows as loopback.
        Policy = new Policy { Discovery = new DiscoveryPolicy { RequireHttps = false } },
    });

    private async Task<HttpStatusCode> CallApiAsync(string accessToken)
    {
        using var api = host.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return (await api.GetAsync("/api/v1/regions")).StatusCode;
    }

    private async Task<TokenRevocationResponse> RevokeAsync(string token, string hint)
    {
        using var backchannel = new HttpClient(host.Server.CreateHandler()) { BaseAddress = new Uri(Authority) };
        var discovery = await backchannel.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
        {
            Address = Authority, Policy = new DiscoveryPolicy { RequireHttps = false },
        });
        Assert.False(discovery.IsError, discovery.Error);
        return await backchannel.RevokeTokenAsync(new TokenRevocationRequest
        {
            Address = discovery.RevocationEndpoint, ClientId = BrowserExtensions.AdminClientId, Token = token, TokenTypeHint = hint,
        });
    }

    [Fact]
    public async Task A_standard_OIDC_client_signs_in_through_the_login_form_refreshes_calls_the_API_and_its_revoked_tokens_are_refused()
    {
        _ = host.Server;
        var browser = new LoginFormBrowser(host.CreateBrowser(), BrowserExtensions.DemoUser, BrowserExtensions.DemoPassword);
        var client = CreateClient(browser);

        var login = await client.LoginAsync();
        Assert.False(login.IsError, $"{login.Error}: {login.ErrorDescription}");
        Assert.Equal(["/account/login", "/account/two-factor"], browser.FormsFilled);
        Assert.False(string.IsNullOrEmpty(login.AccessToken));
        Assert.False(string.IsNullOrEmpty(login.RefreshToken));
        Assert.False(string.IsNullOrEmpty(login.IdentityToken));
        // From the validated identity token (and userinfo): the person and their grant.
        Assert.Equal("admin", login.User.FindFirst("name")?.Value);
        Assert.Contains(login.User.FindAll("grant"), c => c.Value.StartsWith("platform-admin|", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(login.AccessToken));

        var refreshed = await client.RefreshTokenAsync(login.RefreshToken);
        Assert.False(refreshed.IsError, $"{refreshed.Error}: {refreshed.ErrorDescription}");
        Assert.NotEqual(login.RefreshToken, refreshed.RefreshToken); // rotation
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(refreshed.AccessToken));

        // Revoke the current refresh token: the next refresh is refused.
        var revokedRefresh = await RevokeAsync(refreshed.RefreshToken, "refresh_token");
        Assert.False(revokedRefresh.IsError, revokedRefresh.Error);
        var afterRevoke = await client.RefreshTokenAsync(refreshed.RefreshToken);
        Assert.True(afterRevoke.IsError);
        Assert.Equal("invalid_grant", afterRevoke.Error);

        // Revoke the access token: the API refuses it (token entry validation), though it has not expired.
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(refreshed.AccessToken));
        var revokedAccess = await RevokeAsync(refreshed.AccessToken, "access_token");
        Assert.False(revokedAccess.IsError, revokedAccess.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallApiAsync(refreshed.AccessToken));
    }

    [Fact]
    public async Task A_person_without_a_second_factor_signs_in_with_the_password_alone()
    {
        _ = host.Server;
        var browser = new LoginFormBrowser(host.CreateBrowser(), "neijiang-liaison", BrowserExtensions.DemoPassword);
        var login = await CreateClient(browser).LoginAsync();
        Assert.False(login.IsError, $"{login.Error}: {login.ErrorDescription}");
        Assert.Equal(["/account/login"], browser.FormsFilled);
        Assert.Equal("neijiang-liaison", login.User.FindFirst("name")?.Value);
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(login.AccessToken));
    }

    /// <summary>
    /// The library's browser: an in-memory browser that follows the start URL, fills the real login form (and the
    /// second-factor page when it comes) and stops at the redirect to the client's callback, which it hands back.
    /// </summary>
    private sealed class LoginFormBrowser(HttpClient browser, string user, string password) : IBrowser
    {
        public List<string> FormsFilled { get; } = [];

        public async Task<BrowserResult> InvokeAsync(BrowserOptions options, CancellationToken cancellationToken = default)
        {
            var start = new Uri(options.StartUrl);
            var callback = new Uri(options.EndUrl).AbsolutePath;
            var response = await browser.FollowAsync(await browser.GetAsync(start.PathAndQuery, cancellationToken), stopAt: callback);
            for (var step = 0; step < 3 && !IsCallback(response, options.EndUrl); step++)
            {
                var page = response.RequestMessage!.RequestUri!;
                Dictionary<string, string> fields = page.AbsolutePath switch
                {
                    "/account/login" => new() { ["UserName"] = user, ["Password"] = password },
                    "/account/two-factor" => new() { ["Code"] = BrowserExtensions.TotpNow() },
                    _ => throw new InvalidOperationException(
                        $"Unexpected page {page} ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}"),
                };
                FormsFilled.Add(page.AbsolutePath);
                response = await browser.FollowAsync(await browser.PostFormAsync(page.PathAndQuery, fields), stopAt: callback);
            }
            if (!IsCallback(response, options.EndUrl))
                return new BrowserResult { ResultType = BrowserResultType.UnknownError, Error = $"Ended at {response.RequestMessage?.RequestUri}" };
            return new BrowserResult { ResultType = BrowserResultType.Success, Response = response.Headers.Location!.AbsoluteUri };
        }

        private static bool IsCallback(HttpResponseMessage response, string endUrl) =>
            response.Headers.Location is { IsAbsoluteUri: true } location
            && location.GetLeftPart(UriPartial.Path).Equals(endUrl, StringComparison.Ordinal);
    }

    /// <summary>Validates the identity token as a client must: signature against the discovered keys, issuer, audience, lifetime.</summary>
    private sealed class JwtIdentityTokenValidator : IIdentityTokenValidator
    {
        public async Task<IdentityTokenValidationResult> ValidateAsync(string identityToken, OidcClientOptions options, CancellationToken cancellationToken = default)
        {
            var keys = new Microsoft.IdentityModel.Tokens.JsonWebKeySet(options.ProviderInformation.KeySet.RawData);
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(identityToken, new TokenValidationParameters
            {
                ValidIssuer = options.ProviderInformation.IssuerName,
                ValidAudience = options.ClientId,
                IssuerSigningKeys = keys.GetSigningKeys(),
                ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256],
                NameClaimType = "name",
                ClockSkew = options.ClockSkew,
            });
            if (!result.IsValid)
                return new IdentityTokenValidationResult { Error = "invalid_identity_token", ErrorDescription = result.Exception?.Message };
            return new IdentityTokenValidationResult
            {
                User = new ClaimsPrincipal(result.ClaimsIdentity),
                SignatureAlgorithm = ((JsonWebToken)result.SecurityToken).Alg,
            };
        }
    }
}

public sealed class OidcClientTests_Sqlite(SqliteHost host) : OidcClientTests<SqliteHost>(host);

public sealed class OidcClientTests_Postgres(PostgresHost host) : OidcClientTests<PostgresHost>(host);
