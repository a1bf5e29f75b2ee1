using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Regions;
using Platform.Modules.Veterans.Features.Excel;

namespace Platform.Modules.Veterans.Pages;

/// <summary>
/// Base of the module's admin pages: the region being worked in (the address's <c>?region=</c>, else the admin's
/// selected region), 404 for a region the person may not see, and refusals turned into a clear Chinese page.
/// </summary>
public abstract class VeteransPageModel : PageModel
{
    public RegionInfo Region { get; private set; } = null!;
    public IReadOnlyList<RegionInfo> Subtree { get; private set; } = [];
    public string? Error { get; set; }
    public string? Notice { get; set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var services = HttpContext.RequestServices;
        var regions = services.GetRequiredService<IRegionDirectory>();
        var visible = await services.GetRequiredService<IAccessScope>().VisibleRegionsAsync(User, HttpContext.RequestAborted);
        var all = await regions.AllAsync(HttpContext.RequestAborted);
        bool Visible(RegionInfo r) => visible is null || visible.Contains(r.Code);
        RegionInfo? region;
        if (Request.Query.TryGetValue("region", out var asked) && asked.ToString() is { Length: > 0 } code)
        {
            region = all.FirstOrDefault(r => r.Code == code);
            if (region is null || !Visible(region))
            {
                context.Result = NotFound();
                return;
            }
            Response.Cookies.Append(AdminRegionCookie.Name, code, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = Request.IsHttps,
            });
        }
        else
        {
            var selected = Request.Cookies.TryGetValue(AdminRegionCookie.Name, out var cookie) ? cookie : null;
            region = all.FirstOrDefault(r => r.Code == selected && Visible(r)) ?? all.FirstOrDefault(r => !r.Archived && Visible(r));
        }
        if (region is null)
        {
            context.Result = NotFound();
            return;
        }
        Region = region;
        Subtree = all.Where(r => region.Contains(r) && Visible(r)).ToList();

        var executed = await next();
        if (executed.Exception is PlatformException refusal && !executed.ExceptionHandled)
        {
            executed.ExceptionHandled = true;
            executed.Result = refusal.Status == 404 ? NotFound() : Refusal(refusal);
        }
    }

    public string RegionName(string code) => Subtree.FirstOrDefault(r => r.Code == code)?.Name ?? code;

    protected string Actor => User.Identity?.Name ?? "anonymous";

    /// <summary>Runs a change; a refusal about the input becomes the page's error (the form keeps what was typed).</summary>
    protected async Task<bool> TryAsync(Func<Task> change, string notice)
    {
        try
        {
            await change();
            Notice = notice;
            return true;
        }
        catch (PlatformException ex) when (ex.Status is 400 or 409)
        {
            Error = ex.Localized;
            Response.StatusCode = ex.Status;
            return false;
        }
    }

    private static ContentResult Refusal(PlatformException ex) => new()
    {
        StatusCode = ex.Status,
        ContentType = "text/html; charset=utf-8",
        Content = new StringBuilder()
            .Append("<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>无法办理</title><link rel=\"stylesheet\" href=\"/css/admin.css\">")
            .Append("<body><main id=\"main\"><h1>无法办理</h1><p class=\"error\" role=\"alert\">")
            .Append(System.Net.WebUtility.HtmlEncode(ex.Localized))
            .Append("</p><p><a href=\"/admin/veterans\">返回军休干部名册</a></p></main></body></html>").ToString(),
    };
}
