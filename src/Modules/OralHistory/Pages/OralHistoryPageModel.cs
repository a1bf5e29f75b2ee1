using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Regions;

namespace Platform.Modules.OralHistory.Pages;

/// <summary>
/// Base of the editors' pages: the region worked in (<c>?region=</c>, else the admin's selected region), 404 for a
/// region the person may not see, and refusals shown as a clear Chinese message (a form keeps what was typed).
/// </summary>
public abstract class OralHistoryPageModel : PageModel
{
    /// <summary>The host's admin region cookie (the picker in the admin bar writes it).</summary>
    public const string RegionCookie = "platform-region";

    public RegionInfo Region { get; private set; } = null!;
    public IReadOnlyList<RegionInfo> Subtree { get; private set; } = [];
    public string? Error { get; set; }
    public string? Notice { get; set; }

    protected string Actor => User.Identity?.Name ?? "anonymous";

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var services = HttpContext.RequestServices;
        var visible = await services.GetRequiredService<IAccessScope>().VisibleRegionsAsync(User, HttpContext.RequestAborted);
        var all = await services.GetRequiredService<IRegionDirectory>().AllAsync(HttpContext.RequestAborted);
        bool Visible(RegionInfo r) => visible is null || visible.Contains(r.Code);
        var asked = Request.Query["region"].ToString();
        var selected = asked.Length > 0 ? asked : Request.Cookies[RegionCookie];
        var region = all.FirstOrDefault(r => r.Code == selected && Visible(r)) ?? (asked.Length > 0 ? null : all.FirstOrDefault(r => !r.Archived && Visible(r)));
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
            executed.Result = refusal.Status == 404 ? NotFound() : new ContentResult
            {
                StatusCode = refusal.Status,
                ContentType = "text/html; charset=utf-8",
                Content = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>无法办理</title><link rel=\"stylesheet\" href=\"/css/admin.css\">"
                          + "<main id=\"main\"><h1>无法办理</h1><p class=\"error\" role=\"alert\">" + WebUtility.HtmlEncode(refusal.Localized)
                          + "</p><p><a href=\"/admin/oral-history\">返回口述历史</a></p></main></html>",
            };
        }
    }

    public string RegionName(string code) => Subtree.FirstOrDefault(r => r.Code == code)?.Name ?? code;

    /// <summary>Runs a change; a refusal about the input or the state becomes the page's error.</summary>
    protected async Task<bool> TryAsync(Func<Task> change, string notice)
    {
        try
        {
            await change();
            Notice = notice;
            return true;
        }
        catch (PlatformException ex) when (ex.Status is 400 or 409 or 413)
        {
            Error = ex.Localized;
            Response.StatusCode = ex.Status;
            return false;
        }
    }
}
