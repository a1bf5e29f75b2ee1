using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Validation;
using Platform.Cms.Identity;
using Platform.Testing;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Cms.Tests.Identity;

/// <summary>
/// The bearer-token check reads the token entry and its authorization in one statement and remembers decoded tokens
/// (<see cref="TokenEntryChecks"/>): the store still decides on every call, and a remembered token is still checked for
/// expiry, host and audience.
/// </summary>
public abstract class TokenCheckTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private async Task<HttpStatusCode> ApiAsync(string accessToken, string? hostName = null)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/regions");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (hostName is not null) request.Headers.Host = hostName;
        using var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        return response.StatusCode;
    }

    /// <summary>A client's access token and the identifier of its entry in the store (read with OpenIddict's own validation service).</summary>
    private async Task<(string Token, string Id)> ClientTokenAsync()
    {
        using var client = host.CreateClient();
        var response = await client.ClientCredentialsAsync("demo-provider-a-system", "demo-provider-a-secret", "regions.read");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        var token = json.GetProperty("access_token").GetString()!;
        return (token, (await ReadAsync(token)).GetTokenId() ?? throw new InvalidOperationException("The access token has no entry in the store."));
    }

    private Task<ClaimsPrincipal> ReadAsync(string accessToken) =>
        host.Services.GetRequiredService<OpenIddictValidationService>().ValidateAccessTokenAsync(accessToken).AsTask();

    [Fact]
    public async Task A_token_whose_sign_in_was_revoked_is_refused_though_its_own_entry_is_still_valid()
    {
        var tokens = await host.CreateBrowser().GetUserTokenAsync("neijiang-liaison", scope: "openid profile offline_access regions.read");
        Assert.Equal(HttpStatusCode.OK, await ApiAsync(tokens.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await ApiAsync(tokens.AccessToken)); // the second call reuses the decoded token

        using (var scope = host.Services.CreateScope())
        {
            var principal = await ReadAsync(tokens.AccessToken);
            // Only the authorization changes: the token's own entry stays valid.
            var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
            var authorization = await authorizations.FindByIdAsync(principal.GetAuthorizationId()!);
            Assert.True(await authorizations.TryRevokeAsync(authorization!));
            var entries = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
            Assert.True(await entries.HasStatusAsync((await entries.FindByIdAsync(principal.GetTokenId()!))!, Statuses.Valid));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiAsync(tokens.AccessToken));
    }

    [Fact]
    public async Task A_token_whose_entry_is_gone_is_refused_and_a_revoked_one_too_though_both_were_decoded_before()
    {
        var gone = await ClientTokenAsync();
        Assert.Equal(HttpStatusCode.OK, await ApiAsync(gone.Token));
        using (var scope = host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityStoreContext>();
            db.Remove(await db.Set<OpenIddictEntityFrameworkCoreToken>().SingleAsync(t => t.Id == gone.Id));
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiAsync(gone.Token));

        var revoked = await ClientTokenAsync();
        Assert.Equal(HttpStatusCode.OK, await ApiAsync(revoked.Token));
        using (var scope = host.Services.CreateScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
            var entry = await tokens.FindByIdAsync(revoked.Id);
            Assert.True(await tokens.TryRevokeAsync(entry!));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiAsync(revoked.Token));
    }

    [Fact]
    public async Task A_decoded_token_is_remembered_per_host_name_so_another_host_checks_the_issuer_afresh()
    {
        var (token, _) = await ClientTokenAsync();
        var decoded = host.Services.GetRequiredService<DecodedTokens>();
        Assert.Equal(HttpStatusCode.OK, await ApiAsync(token));
        var held = decoded.Count;
        Assert.True(held >= 1, "the decoded token is remembered");
        Assert.Equal(HttpStatusCode.OK, await ApiAsync(token));
        Assert.Equal(held, decoded.Count);
        // The token names the test server as its issuer; presented to another host name it is refused, remembered or not.
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiAsync(token, "other.example"));
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiAsync(token, "other.example"));
    }

    [Fact]
    public async Task Many_calls_at_once_with_one_remembered_token_each_get_their_own_claims()
    {
        var (token, _) = await ClientTokenAsync();
        Assert.Equal(HttpStatusCode.OK, await ApiAsync(token));
        for (var round = 0; round < 5; round++)
        {
            var statuses = await Task.WhenAll(Enumerable.Range(0, 48).Select(_ => Task.Run(() => ApiAsync(token))));
            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        }
    }
}

/// <summary>The decode cache on its own: copies in and out, keyed by issuer, nothing kept past the token's expiry.</summary>
public sealed class DecodedTokensTests
{
    private static ClaimsPrincipal Principal(DateTimeOffset expires, out ClaimsIdentity identity)
    {
        identity = new ClaimsIdentity([new Claim("sub", "client-a"),
            new Claim("exp", expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))], "test", "name", "role");
        return new ClaimsPrincipal(identity);
    }

    [Fact]
    public void A_remembered_token_is_handed_out_as_a_fresh_copy_each_time_and_only_for_its_issuer()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        using var tokens = new DecodedTokens(clock);
        var principal = Principal(clock.GetUtcNow().AddMinutes(30), out var identity);
        tokens.Keep("https://a.example/", "token-1", principal);
        identity.AddClaim(new Claim("added-after", "1")); // the caller goes on changing its own principal

        var first = tokens.Find("https://a.example/", "token-1")!;
        ((ClaimsIdentity)first.Identity!).AddClaim(new Claim("added-by-a-call", "1"));
        var second = tokens.Find("https://a.example/", "token-1")!;
        Assert.Equal(["sub", "exp"], second.Claims.Select(c => c.Type));
        Assert.NotSame(first.Identity, second.Identity);
        Assert.Equal(("test", "name", "role"), (second.Identity!.AuthenticationType, ((ClaimsIdentity)second.Identity).NameClaimType,
            ((ClaimsIdentity)second.Identity).RoleClaimType));
        Assert.Null(tokens.Find("https://b.example/", "token-1"));
        Assert.Null(tokens.Find("https://a.example/", "token-2"));
    }

    [Fact]
    public void An_expired_token_is_not_remembered()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        using var tokens = new DecodedTokens(clock);
        tokens.Keep(null, "old", Principal(clock.GetUtcNow().AddSeconds(-1), out _));
        Assert.Null(tokens.Find(null, "old"));
        Assert.Equal(0, tokens.Count);
    }
}

public sealed class TokenCheckTests_Sqlite(SqliteHost host) : TokenCheckTests<SqliteHost>(host);

public sealed class TokenCheckTests_Postgres(PostgresHost host) : TokenCheckTests<PostgresHost>(host);
