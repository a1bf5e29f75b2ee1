using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Modules;
using Platform.Core.Regions;

namespace Platform.Modules.OralHistory.Pages;

/// <summary>
/// Base of the editors' pages: the region worked in (<c>?region=</c>, else the admin's selected region), 404 for a
/// region the person may not see, and refusals shown as a clear Chinese message (a form keeps what was typed).
/// </summary>
public abstract class OralHistoryPageModel : ModulePageModel
{
    public RegionInfo Region { get; private set; } = null!;
    public IReadOnlyList<RegionInfo> Subtree { get; private set; } = [];

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
            executed.Result = RefusalResult(refusal, "/admin/oral-history", "返回口述历史");
        }
    }

    public string RegionName(string code) => Subtree.FirstOrDefault(r => r.Code == code)?.Name ?? code;

}
