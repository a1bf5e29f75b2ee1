using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Duende.IdentityModel.Client;
using Duende.IdentityModel.OidcClient;
using Duende.IdentityModel.OidcClient.Browser;
using Duende.IdentityModel.OidcClient.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using Platform.Cms.Identity;
using Platform.Core.Access;
using Platform.Modules.Sanatoriums.Data;
using Platform.Testing;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Cms.Tests.Identity;

/// <summary>
/// What a provider system's registration binds it to, and what that binding lets through: a bureau binds a client
/// only to an organisation it administers, in a region that organisation serves, with scopes a provider may hold;
/// a person's token obtained through a bound client carries only that person's roles in the bound organisation.
/// </summary>
public abstract partial class ClientBindingTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private const string Redirect = "https://partner.example/callback";
    private const string Secret = "binding-tests-secret";

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static Dictionary<string, string> Registration(string clientId, string organisation, string region, string scope) => new()
    {
        ["ClientId"] = clientId,
        ["DisplayName"] = "绑定测试业务系统",
        ["OrganisationId"] = organisation,
        ["RegionCode"] = region,
        ["Confidential"] = "true",
        ["RedirectUris"] = "",
        ["Scopes"] = scope,
    };

    private static Task<HttpResponseMessage> RegisterAsync(
        HttpClient admin, string clientId, string organisation, string region, string scope) =>
        admin.PostFormAsync("/admin/clients", Registration(clientId, organisation, region, scope), "Create");

    private static ClaimsPrincipal Bureau(string region) => new(new ClaimsIdentity(
        [new Claim(GrantClaim.ClaimType, new GrantClaim(PlatformRoles.BureauAdmin, region, null).Format()),
            new Claim("name", "bureau-" + region)], "test"));

    private async Task<bool> ExistsAsync(string clientId)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync(clientId) is not null;
    }

    /// <summary>Registers a sign-in client (public, code + PKCE, consent) the way a bureau administrator does.</summary>
    private async Task RegisterSignInClientAsync(
        string clientId, string bureauRegion, string organisation, string region, params string[] scopes)
    {
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ClientRegistry>().RegisterAsync(Bureau(bureauRegion),
            new ClientInput(clientId, "合作方预约系统", organisation, region, false, [Redirect], scopes));
    }

    /// <summary>
    /// A client as registration stored it before bindings were checked: bound to <paramref name="organisation"/> but
    /// holding registry scopes (written straight to the store, as an old database would hold it).
    /// </summary>
    private async Task StoreUncheckedClientAsync(
        string clientId, string organisation, string region, bool confidential, params string[] scopes)
    {
        using var scope = host.Services.CreateScope();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = confidential ? Secret : null,
            ClientType = confidential ? ClientTypes.Confidential : ClientTypes.Public,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = ConsentTypes.Explicit,
            DisplayName = "旧登记的业务系统",
        };
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Endpoints.Revocation,
            .. scopes.Select(s => Permissions.Prefixes.Scope + s)]);
        if (confidential) descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        else
        {
            descriptor.Permissions.UnionWith([Permissions.Endpoints.Authorization, Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code]);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            descriptor.RedirectUris.Add(new Uri(Redirect));
        }
        descriptor.Properties[ClientRegistry.GrantsProperty] =
            JsonSerializer.SerializeToElement(new[] { new GrantClaim(PlatformRoles.ProviderSystem, region, organisation).Format() });
        descriptor.Properties[ClientRegistry.RegionProperty] = JsonSerializer.SerializeToElement(region);
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(descriptor);
    }

    /// <summary>The outcome of a code + PKCE sign-in through a third-party client: its tokens, or the error sent back.</summary>
    private sealed record SignIn(TokenSet? Tokens, string? Error);

    /// <summary>Authorization code + PKCE through the real login form, second factor and consent page.</summary>
    private async Task<SignIn> SignInThroughAsync(string clientId, string user, string scope)
    {
        var browser = host.CreateBrowser();
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = $"/connect/authorize?client_id={clientId}&response_type=code&redirect_uri={Uri.EscapeDataString(Redirect)}" +
                        $"&scope={Uri.EscapeDataString(scope)}&code_challenge={challenge}&code_challenge_method=S256&state=st";
        var response = await browser.FollowAsync(await browser.GetAsync(authorize), stopAt: "/callback");
        foreach (var (page, fields) in new (string, Dictionary<string, string>)[]
                 {
                     ("/account/login", new() { ["UserName"] = user, ["Password"] = BrowserExtensions.DemoPassword }),
                     ("/account/two-factor", new() { ["Code"] = BrowserExtensions.TotpNow() }),
                 })
        {
            if (response.Headers.Location is null && response.RequestMessage!.RequestUri!.AbsolutePath == page)
                response = await browser.FollowAsync(
                    await browser.PostFormAsync(response.RequestMessage.RequestUri.PathAndQuery, fields), stopAt: "/callback");
        }
        if (response.Headers.Location is null)
        {
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(html.Contains("授权确认", StringComparison.Ordinal),
                $"Expected the consent page, got {(int)response.StatusCode}: {html}");
            var answer = new FormUrlEncodedContent(HiddenInput().Matches(html)
                .Select(m => KeyValuePair.Create(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
                .Append(KeyValuePair.Create("consent", "accept")));
            response = await browser.PostAsync("/connect/authorize", answer);
        }
        var location = response.Headers.Location ?? throw new InvalidOperationException($"No redirect: {(int)response.StatusCode}");
        Assert.StartsWith(Redirect, location.ToString(), StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        if (query["error"] is { } error) return new SignIn(null, error);
        var token = await host.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = query["code"]!, ["redirect_uri"] = Redirect,
            ["client_id"] = clientId, ["code_verifier"] = verifier,
        }));
        var json = await token.Content.ReadFromJsonAsync<JsonElement>();
        if (!token.IsSuccessStatusCode) return new SignIn(null, json.GetProperty("error").GetString());
        return new SignIn(new TokenSet(json.GetProperty("access_token").GetString()!,
            json.TryGetProperty("refresh_token", out var r) ? r.GetString() : null,
            json.TryGetProperty("id_token", out var i) ? i.GetString() : null), null);
    }

    private async Task<string> RefreshAsync(string clientId, string refreshToken)
    {
        var response = await host.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = clientId,
        }));
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"Refresh refused: {json}");
        return json.GetProperty("access_token").GetString()!;
    }

    private HttpClient Api(string accessToken)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    private async Task<List<string>> UserInfoGrantsAsync(string accessToken)
    {
        using var client = Api(accessToken);
        var json = await client.GetFromJsonAsync<JsonElement>("/connect/userinfo");
        return [.. json.GetProperty(GrantClaim.ClaimType).EnumerateArray().Select(g => g.GetString()!)];
    }

    private async Task<long> SichuanBookingAsync()
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SanatoriumsDbContext>().Bookings.AsNoTracking()
            .Where(b => b.RegionCode.StartsWith("51")).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // ---- hole: a bureau binds a client to another province's provider ------------------------------------------

    [Fact]
    public async Task The_Zhejiang_bureau_cannot_bind_a_client_to_a_Sichuan_provider_in_either_region()
    {
        var zhejiang = await host.CreateAdminAsync("zhejiang");

        // The attack as found: region Zhejiang, organisation Sichuan's provider (and Sichuan's sanatorium).
        var provider = await RegisterAsync(zhejiang, "attack-zj-provider-a", "demo-provider-a", "330000", "providers.write");
        Assert.Equal(HttpStatusCode.NotFound, provider.StatusCode);
        Assert.Contains("未找到服务商机构", await provider.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var sanatorium = await zhejiang.PostFormAsync("/admin/clients",
            Registration("attack-zj-sanatorium", "p-91511000ma62a0002n", "330100", "sanatoriums.manage"), "Create");
        Assert.Equal(HttpStatusCode.NotFound, sanatorium.StatusCode);
        // The same with Sichuan's own region: outside Zhejiang's subtree.
        var sichuanRegion = await RegisterAsync(zhejiang, "attack-sc-provider-a", "demo-provider-a", "511000", "providers.write");
        Assert.Equal(HttpStatusCode.Forbidden, sichuanRegion.StatusCode);
        // An organisation no module knows.
        var unknown = await RegisterAsync(zhejiang, "attack-zj-nobody", "no-such-provider", "330100", "providers.read");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        foreach (var id in new[] { "attack-zj-provider-a", "attack-zj-sanatorium", "attack-sc-provider-a", "attack-zj-nobody" })
            Assert.False(await ExistsAsync(id), $"{id} was stored");

        // Zhejiang's own provider, in the city it serves: registered.
        var own = await RegisterAsync(zhejiang, "zj-provider-b-orders", "demo-provider-b", "330100", "providers.write");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.True(await ExistsAsync("zj-provider-b-orders"));
    }

    [Fact]
    public async Task A_providers_client_gets_no_registry_scope_and_only_a_region_its_organisation_serves()
    {
        var sichuan = await host.CreateAdminAsync("sichuan");
        foreach (var scope in new[] { "veterans.read", "veterans.sensitive", "veterans.write", "regions.write" })
        {
            var id = "scope-check-" + scope.Replace('.', '-');
            var refused = await RegisterAsync(sichuan, id, "demo-provider-a", "511000", scope);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(scope, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.False(await ExistsAsync(id), $"{id} was stored");
        }

        // demo-provider-a serves Neijiang (511000): the province above it is refused, a county inside it is fine.
        var above = await RegisterAsync(sichuan, "region-check-province", "demo-provider-a", "510000", "providers.read");
        Assert.Equal(HttpStatusCode.BadRequest, above.StatusCode);
        Assert.Contains("服务地区", await above.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await ExistsAsync("region-check-province"));
        var inside = await RegisterAsync(sichuan, "region-check-county", "demo-provider-a", "511002", "providers.read");
        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
    }

    [Fact]
    public async Task A_client_stored_with_registry_scopes_before_the_check_cannot_use_them()
    {
        await StoreUncheckedClientAsync("unchecked-system", "demo-provider-a", "511000", confidential: true,
            "veterans.read", "veterans.sensitive", "providers.read");
        var client = host.CreateClient();

        foreach (var scope in new[] { "veterans.read", "veterans.sensitive providers.read" })
        {
            var refused = await client.ClientCredentialsAsync("unchecked-system", Secret, scope);
            var json = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(Errors.InvalidScope, json.GetProperty("error").GetString());
        }
        var allowed = await client.ClientCredentialsAsync("unchecked-system", Secret, "providers.read");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);

        // The demo systems keep their (fitting) scopes.
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync("demo-provider-a-system", "demo-provider-a-secret",
            "regions.read providers.read providers.write")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync("demo-sanatorium-system", "demo-sanatorium-secret",
            "sanatoriums.read sanatoriums.manage")).StatusCode);
    }

    // ---- hole: a bound client's user tokens reach what the person may elsewhere ---------------------------------

    [Fact]
    public async Task Through_a_client_bound_to_a_Zhejiang_provider_the_Sichuan_bureau_reads_nothing_of_Sichuan()
    {
        await RegisterSignInClientAsync("zj-bound-app", "330000", "demo-provider-b", "330100", "sanatoriums.read", "providers.read");
        var booking = await SichuanBookingAsync();

        // Through the platform's own admin client the same person reads the booking: the data is there.
        var own = await host.CreateBrowser().GetUserTokenAsync("sichuan", scope: "openid sanatoriums.read providers.read");
        using (var direct = Api(own.AccessToken))
            Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync($"/api/v1/sanatoriums/bookings/{booking}")).StatusCode);

        var signIn = await SignInThroughAsync("zj-bound-app", "sichuan", "openid offline_access sanatoriums.read providers.read");
        Assert.Null(signIn.Error);
        var tokens = signIn.Tokens!;
        Assert.Empty(await UserInfoGrantsAsync(tokens.AccessToken));
        foreach (var access in new[] { tokens.AccessToken, await RefreshAsync("zj-bound-app", tokens.RefreshToken!) })
        {
            using var api = Api(access);
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/sanatoriums/bookings/{booking}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/providers/organisations/demo-provider-a")).StatusCode);
        }
    }

    [Fact]
    public async Task Through_a_client_stored_with_the_registry_scope_the_Sichuan_bureau_gets_no_code()
    {
        await StoreUncheckedClientAsync("zj-unchecked-app", "demo-provider-b", "330100", confidential: false, "veterans.read");
        var signIn = await SignInThroughAsync("zj-unchecked-app", "sichuan", "openid veterans.read");
        Assert.Null(signIn.Tokens);
        Assert.Equal(Errors.InvalidScope, signIn.Error);
    }

    [Fact]
    public async Task A_provider_admin_reads_their_own_organisation_through_its_client_and_not_through_another()
    {
        await RegisterSignInClientAsync("sc-provider-a-app", "510000", "demo-provider-a", "511000", "providers.read");
        await RegisterSignInClientAsync("zj-provider-b-app", "330000", "demo-provider-b", "330100", "providers.read");

        var signIn = await SignInThroughAsync("sc-provider-a-app", "provider-a", "openid offline_access providers.read");
        Assert.Null(signIn.Error);
        var tokens = signIn.Tokens!;
        Assert.Equal([new GrantClaim(PlatformRoles.ProviderAdmin, null, "demo-provider-a").Format()],
            await UserInfoGrantsAsync(tokens.AccessToken));
        foreach (var access in new[] { tokens.AccessToken, await RefreshAsync("sc-provider-a-app", tokens.RefreshToken!) })
        {
            using var api = Api(access);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/providers/organisations/demo-provider-a")).StatusCode);
        }

        var elsewhere = await SignInThroughAsync("zj-provider-b-app", "provider-a", "openid providers.read");
        using var other = Api(elsewhere.Tokens!.AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/api/v1/providers/organisations/demo-provider-a")).StatusCode);
        Assert.Empty(await UserInfoGrantsAsync(elsewhere.Tokens.AccessToken));
    }

    [Fact]
    public async Task The_form_offers_only_the_bureaus_own_organisations_and_scopes_fit_for_a_provider()
    {
        var html = await (await host.CreateAdminAsync("sichuan")).GetStringAsync("/admin/clients");
        Assert.Contains("<option value=\"demo-provider-a\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("demo-provider-b", html, StringComparison.Ordinal);
        Assert.Contains("value=\"providers.read\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"profile\"", html, StringComparison.Ordinal);
        foreach (var scope in new[] { "veterans.read", "veterans.sensitive", "veterans.write", "regions.write" })
            Assert.DoesNotContain($"value=\"{scope}\"", html, StringComparison.Ordinal);
    }

    // ---- small ones ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("x")]
    [InlineData("https://evil.example/signed-out")]
    public async Task Sign_out_with_a_bad_return_address_answers_a_Chinese_error_page(string address)
    {
        var response = await host.CreateClient().GetAsync($"/connect/endsession?post_logout_redirect_uri={Uri.EscapeDataString(address)}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("无法退出登录", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_standard_OIDC_client_of_a_provider_signs_in_with_openid_profile()
    {
        var admin = await host.CreateAdminAsync();
        // The sign-in scopes need a redirect address: a client-credentials system has no one to sign in.
        var noRedirect = await RegisterAsync(admin, "profile-without-redirect", "demo-provider-a", "511000", "profile");
        Assert.Equal(HttpStatusCode.BadRequest, noRedirect.StatusCode);
        Assert.False(await ExistsAsync("profile-without-redirect"));

        await RegisterSignInClientAsync("sc-oidc-app", "510000", "demo-provider-a", "511000",
            "openid", "profile", "offline_access", "providers.read");
        var client = new OidcClient(new OidcClientOptions
        {
            Authority = "http://localhost",
            ClientId = "sc-oidc-app",
            RedirectUri = Redirect,
            Scope = "openid profile offline_access providers.read",
            Browser = new ConsentingBrowser(host, "provider-a"),
            BackchannelHandler = host.Server.CreateHandler(),
            RefreshTokenInnerHttpHandler = host.Server.CreateHandler(),
            IdentityTokenValidator = new SignatureOnlyValidator(),
            Policy = new Policy { Discovery = new DiscoveryPolicy { RequireHttps = false } },
        });
        var login = await client.LoginAsync();
        Assert.False(login.IsError, $"{login.Error}: {login.ErrorDescription}");
        Assert.Equal("provider-a", login.User.FindFirst("name")?.Value);
        Assert.False(string.IsNullOrEmpty(login.RefreshToken));
        using var api = Api(login.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/providers/organisations/demo-provider-a")).StatusCode);
    }

    /// <summary>The library's browser: the login form, then the consent page answered with yes; hands back the callback.</summary>
    private sealed class ConsentingBrowser(PlatformFactory factory, string user) : IBrowser
    {
        public async Task<BrowserResult> InvokeAsync(
            BrowserOptions options, CancellationToken cancellationToken = default)
        {
            var browser = factory.CreateBrowser();
            var start = await browser.GetAsync(new Uri(options.StartUrl).PathAndQuery, cancellationToken);
            var response = await browser.FollowAsync(start, stopAt: "/callback");
            if (response.RequestMessage!.RequestUri!.AbsolutePath == "/account/login")
                response = await browser.FollowAsync(await browser.PostFormAsync(response.RequestMessage.RequestUri.PathAndQuery,
                    new() { ["UserName"] = user, ["Password"] = BrowserExtensions.DemoPassword }), stopAt: "/callback");
            if (response.Headers.Location is null)
            {
                var html = await response.Content.ReadAsStringAsync(cancellationToken);
                response = await browser.PostAsync("/connect/authorize", new FormUrlEncodedContent(HiddenInput().Matches(html)
                    .Select(m => KeyValuePair.Create(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
                    .Append(KeyValuePair.Create("consent", "accept"))), cancellationToken);
            }
            return response.Headers.Location is { } location && location.ToString().StartsWith(options.EndUrl, StringComparison.Ordinal)
                ? new() { ResultType = BrowserResultType.Success, Response = location.ToString() }
                : new() { ResultType = BrowserResultType.UnknownError, Error = $"Ended at {(int)response.StatusCode}" };
        }
    }

    /// <summary>Checks the identity token's signature against the discovered keys, its issuer, audience and lifetime.</summary>
    private sealed class SignatureOnlyValidator : IIdentityTokenValidator
    {
        public async Task<IdentityTokenValidationResult> ValidateAsync(
            string identityToken, OidcClientOptions options, CancellationToken cancellationToken = default)
        {
            var keys = new Microsoft.IdentityModel.Tokens.JsonWebKeySet(options.ProviderInformation.KeySet.RawData);
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(identityToken,
                new TokenValidationParameters
                {
                    ValidIssuer = options.ProviderInformation.IssuerName, ValidAudience = options.ClientId,
                    IssuerSigningKeys = keys.GetSigningKeys(), NameClaimType = "name",
                });
            return result.IsValid
                ? new() { User = new ClaimsPrincipal(result.ClaimsIdentity), SignatureAlgorithm = ((JsonWebToken)result.SecurityToken).Alg }
                : new() { Error = "invalid_identity_token", ErrorDescription = result.Exception?.Message };
        }
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();
}

public sealed class ClientBindingTests_Sqlite(SqliteHost host) : ClientBindingTests<SqliteHost>(host);

public sealed class ClientBindingTests_Postgres(PostgresHost host) : ClientBindingTests<PostgresHost>(host);
