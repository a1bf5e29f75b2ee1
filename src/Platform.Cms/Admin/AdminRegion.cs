using Platform.Cms.Data;
using Platform.Core.Regions;

namespace Platform.Cms.Admin;

/// <summary>The region an admin is working in, kept in a cookie and chosen with the region picker.</summary>
public static class AdminRegion
{
    public const string CookieName = "platform-region";

    public static string? SelectedCode(HttpContext context) =>
        context.Request.Cookies.TryGetValue(CookieName, out var code) && !string.IsNullOrEmpty(code) ? code : null;

    /// <summary>The selected region if it exists and the person may see it, else the first region they may see.</summary>
    public static RegionInfo? Current(HttpContext context, StateSnapshot snapshot, IReadOnlySet<string>? visible)
    {
        var selected = SelectedCode(context);
        if (selected is not null && snapshot.ByCode.TryGetValue(selected, out var region) && (visible is null || visible.Contains(region.Code)))
            return region;
        return snapshot.Regions.FirstOrDefault(r => !r.Archived && (visible is null || visible.Contains(r.Code)));
    }

    public static void Select(HttpContext context, string code) =>
        context.Response.Cookies.Append(CookieName, code, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = context.Request.IsHttps,
        });
}

public static class AdminNotFound
{
    public static async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>页面不存在</title>" +
            "<body style=\"font-size:20px;font-family:sans-serif;padding:2em\"><h1>页面不存在</h1>" +
            "<p>所选地区未开通此模块，或页面不存在。请在<a href=\"/admin\">管理首页</a>切换地区或模块。</p></body></html>");
    }
}
