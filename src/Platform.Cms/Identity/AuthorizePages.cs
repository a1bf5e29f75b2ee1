using System.Net;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Platform.Core.Text;

namespace Platform.Cms.Identity;

/// <summary>
/// The pages the authorization and sign-out endpoints show themselves: the consent question for a third-party system,
/// and a refusal in Chinese when the request cannot be honoured (e.g. a redirect address that is not registered).
/// Plain server-rendered HTML: no script, so the CSP holds.
/// </summary>
public static class AuthorizePages
{
    public static IResult Error(string error, string? description)
    {
        var (zh, en) = error switch
        {
            "invalid_request" => ("登录请求有误：例如回调地址与登记的不一致，或没有使用 PKCE（S256）。", "The sign-in request is invalid: e.g. the redirect address is not registered, or PKCE (S256) is missing."),
            "invalid_client" or "unauthorized_client" => ("发起登录的系统未登记或已停用。", "The system asking you to sign in is not registered or is disabled."),
            "invalid_scope" => ("请求的权限超出了该系统获准的范围。", "The system asked for access it has not been granted."),
            _ => ("无法完成登录请求。", "The sign-in request cannot be completed."),
        };
        return Refusal(Bilingual.T("无法完成登录", "Sign-in cannot continue"), Bilingual.T(zh, en), error, description);
    }

    /// <summary>A sign-out request the server refused: the person stays where they are, told why in Chinese.</summary>
    public static IResult SignOutError(string error, string? description) => Refusal(
        Bilingual.T("无法退出登录", "Sign-out cannot continue"),
        error == "invalid_request"
            ? Bilingual.T("退出登录的请求有误：退出后返回的地址须为完整网址，并且是接入系统登记过的地址。",
                "The sign-out request is invalid: the address to return to must be absolute and registered for the system.")
            : Bilingual.T("无法完成退出登录请求。", "The sign-out request cannot be completed."),
        error, description);

    private static IResult Refusal(string title, string message, string error, string? description)
    {
        var body = new StringBuilder()
            .Append("<h1>").Append(Enc(title)).Append("</h1>")
            .Append("<p class=\"error\" role=\"alert\">").Append(Enc(message)).Append("</p>")
            .Append("<p>").Append(Enc(Bilingual.T("请返回原来的系统重试；如果问题仍在，请把下面的错误代码告诉管理员。", "Go back and try again; if it persists, give your administrator the code below."))).Append("</p>")
            .Append("<p><code>").Append(Enc(error)).Append("</code> ").Append(Enc(description ?? "")).Append("</p>");
        return Page(title, body.ToString(), StatusCodes.Status400BadRequest);
    }

    public static IResult Consent(HttpContext http, IAntiforgery antiforgery, string clientName, IEnumerable<string> scopes, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var body = new StringBuilder()
            .Append("<h1>").Append(Enc(Bilingual.T("授权确认", "Allow access?"))).Append("</h1>")
            .Append("<p>").Append(Enc(Bilingual.T($"“{clientName}”请求以您的身份访问以下内容：", $"'{clientName}' asks to act for you with this access:"))).Append("</p><ul id=\"consent-scopes\">");
        foreach (var scope in scopes) body.Append("<li>").Append(Enc(scope)).Append("</li>");
        body.Append("</ul><form method=\"post\" action=\"/connect/authorize\">");
        foreach (var (key, value) in parameters)
            body.Append("<input type=\"hidden\" name=\"").Append(Enc(key)).Append("\" value=\"").Append(Enc(value)).Append("\">");
        body.Append("<input type=\"hidden\" name=\"").Append(Enc(tokens.FormFieldName)).Append("\" value=\"").Append(Enc(tokens.RequestToken ?? "")).Append("\">")
            .Append("<button type=\"submit\" name=\"consent\" value=\"accept\" class=\"primary\">").Append(Enc(Bilingual.T("同意", "Allow"))).Append("</button> ")
            .Append("<button type=\"submit\" name=\"consent\" value=\"deny\">").Append(Enc(Bilingual.T("拒绝", "Deny"))).Append("</button></form>");
        return Page(Bilingual.T("授权确认", "Allow access?"), body.ToString(), StatusCodes.Status200OK);
    }

    private static IResult Page(string title, string body, int status) => Results.Content(
        $"<!doctype html><html lang=\"{(Bilingual.IsEnglish ? "en" : "zh-CN")}\"><head><meta charset=\"utf-8\">" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        $"<title>{Enc(title)}</title><link rel=\"stylesheet\" href=\"/css/admin.css\"></head><body class=\"plain\"><main id=\"main\">{body}</main></body></html>",
        "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string Enc(string value) => WebUtility.HtmlEncode(value);
}
