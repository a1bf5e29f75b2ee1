using System.Net;
using System.Text.RegularExpressions;

namespace Platform.Testing;

/// <summary>Drives the admin's real forms (antiforgery token included) from an <see cref="HttpClient"/>.</summary>
public static partial class BrowserExtensions
{
    public const string DemoUser = "admin";
    public const string DemoPassword = "Demo#2026";

    public static async Task SignInAsync(this HttpClient client, string user = DemoUser, string password = DemoPassword)
    {
        var response = await client.PostFormAsync("/admin/login", new() { ["UserName"] = user, ["Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode}");
    }

    /// <summary>GETs the page, takes its antiforgery token and posts the form fields to it (or to <paramref name="handler"/>).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string page, Dictionary<string, string> fields, string? handler = null)
    {
        var form = await client.GetStringAsync(page);
        var token = TokenPattern().Match(form);
        if (!token.Success) throw new InvalidOperationException($"No antiforgery token on {page}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        var target = handler is null ? page : $"{page}?handler={handler}";
        return await client.PostAsync(target, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
