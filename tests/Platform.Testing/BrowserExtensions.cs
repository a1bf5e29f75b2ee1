using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OtpNet;

namespace Platform.Testing;

public sealed record TokenSet(string AccessToken, string? RefreshToken, string? IdToken);

/// <summary>Drives the real pages and the real OAuth endpoints from an <see cref="HttpClient"/>, as a browser or a client would.</summary>
public static partial class BrowserExtensions
{
    public const string DemoUser = "admin";
    public const string DemoPassword = "Junxiu#2026";
    public const string DemoAuthenticatorKey = "JBSWY3DPEHPK3PXP";
    public const string AdminClientId = "platform-admin-ui";
    public const string AdminRedirectUri = "http://localhost/signin-oidc";

    /// <summary>The code an authenticator app would show now for the demo key.</summary>
    public static string TotpNow(string key = DemoAuthenticatorKey) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp();

    /// <summary>Opens /admin and follows the sign-in through the authorization server: password, then the second factor when asked.</summary>
    public static async Task SignInToAdminAsync(this HttpClient client, string user = DemoUser, string password = DemoPassword)
    {
        var response = await client.FollowAsync(await client.GetAsync("/admin"));
        response = await client.SubmitLoginAsync(response, user, password);
        if (response.RequestMessage!.RequestUri!.AbsolutePath != "/admin" || response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Admin sign-in ended at {response.RequestMessage.RequestUri} ({(int)response.StatusCode})");
    }

    /// <summary>Fills the login page (and the second-factor page when it follows) and follows the redirects.</summary>
    public static async Task<HttpResponseMessage> SubmitLoginAsync(this HttpClient client, HttpResponseMessage loginPage, string user, string password)
    {
        var page = loginPage.RequestMessage!.RequestUri!.PathAndQuery;
        var response = await client.FollowAsync(await client.PostFormAsync(page, new() { ["UserName"] = user, ["Password"] = password }));
        if (response.RequestMessage!.RequestUri!.AbsolutePath == "/account/two-factor")
            response = await client.FollowAsync(await client.PostFormAsync(response.RequestMessage.RequestUri.PathAndQuery, new() { ["Code"] = TotpNow() }));
        return response;
    }

    /// <summary>Authorization code + PKCE (S256) with the admin client, through the real login form; returns the tokens.</summary>
    /// <param name="redirectUri">The admin client's callback as registered (a host on a real port registers its own).</param>
    public static async Task<TokenSet> GetUserTokenAsync(this HttpClient client, string user = DemoUser, string password = DemoPassword,
        string scope = "openid profile offline_access regions.read regions.write alpha.read alpha.write beta.read", string redirectUri = AdminRedirectUri)
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = $"/connect/authorize?client_id={AdminClientId}&response_type=code&redirect_uri={Uri.EscapeDataString(redirectUri)}" +
                        $"&scope={Uri.EscapeDataString(scope)}&code_challenge={challenge}&code_challenge_method=S256&state=s1";
        var response = await client.FollowAsync(await client.GetAsync(authorize), stopAt: "/signin-oidc");
        if (response.RequestMessage!.RequestUri!.AbsolutePath == "/account/login")
            response = await client.FollowAsync(await client.SubmitLoginRawAsync(response, user, password), stopAt: "/signin-oidc");
        var location = response.Headers.Location ?? throw new InvalidOperationException($"No code: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var code = System.Web.HttpUtility.ParseQueryString(location.Query)["code"] ?? throw new InvalidOperationException($"No code in {location}");
        var token = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri,
            ["client_id"] = AdminClientId, ["code_verifier"] = verifier,
        }));
        var json = await token.Content.ReadFromJsonAsync<JsonElement>();
        if (!token.IsSuccessStatusCode) throw new InvalidOperationException($"Token request failed: {json}");
        return new TokenSet(json.GetProperty("access_token").GetString()!,
            json.TryGetProperty("refresh_token", out var r) ? r.GetString() : null,
            json.TryGetProperty("id_token", out var i) ? i.GetString() : null);
    }

    private static async Task<HttpResponseMessage> SubmitLoginRawAsync(this HttpClient client, HttpResponseMessage loginPage, string user, string password)
    {
        var page = loginPage.RequestMessage!.RequestUri!.PathAndQuery;
        var response = await client.FollowAsync(await client.PostFormAsync(page, new() { ["UserName"] = user, ["Password"] = password }), stopAt: "/signin-oidc");
        if (response.RequestMessage!.RequestUri!.AbsolutePath == "/account/two-factor")
            response = await client.PostFormAsync(response.RequestMessage.RequestUri.PathAndQuery, new() { ["Code"] = TotpNow() });
        return response;
    }

    /// <summary>Client credentials for a provider's system.</summary>
    public static async Task<HttpResponseMessage> ClientCredentialsAsync(this HttpClient client, string clientId, string secret, string scope) =>
        await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = scope,
        }));

    /// <summary>Follows redirects with GET (cookies kept by the client), stopping before a path that starts with <paramref name="stopAt"/>.</summary>
    public static async Task<HttpResponseMessage> FollowAsync(this HttpClient client, HttpResponseMessage response, string? stopAt = null)
    {
        for (var hops = 0; hops < 20 && (int)response.StatusCode is >= 300 and < 400; hops++)
        {
            var location = response.Headers.Location!;
            var target = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
            if (stopAt is not null && target.StartsWith(stopAt, StringComparison.Ordinal)) return response;
            response = await client.GetAsync(target);
        }
        return response;
    }

    /// <summary>GETs the page, takes its antiforgery token and posts the form fields to it (or to <paramref name="handler"/>).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string page, Dictionary<string, string> fields, string? handler = null)
    {
        var target = handler is null ? page : page + (page.Contains('?', StringComparison.Ordinal) ? "&" : "?") + $"handler={handler}";
        return await client.PostFormWithTokenFromAsync(target, fields, tokenFrom: page);
    }

    /// <summary>
    /// Posts a form to <paramref name="target"/> with the antiforgery token of <paramref name="tokenFrom"/>: for a
    /// target that answers 403 or 404 to this caller, so it has no form to take a token from.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormWithTokenFromAsync(this HttpClient client, string target, Dictionary<string, string> fields, string tokenFrom)
    {
        var token = TokenPattern().Match(await client.GetStringAsync(tokenFrom));
        if (!token.Success) throw new InvalidOperationException($"No antiforgery token on {tokenFrom}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync(target, new FormUrlEncodedContent(fields));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
