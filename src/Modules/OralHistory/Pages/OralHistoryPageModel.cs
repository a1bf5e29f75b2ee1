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
        var (region, _) = await SelectRegionAsync();
        if (region is null)
        {
            context.Result = NotFound();
            return;
        }
        Region = region;
        var services = HttpContext.RequestServices;
        var visible = await services.GetRequiredService<IAccessScope>().VisibleRegionsAsync(User, HttpContext.RequestAborted);
        Subtree = (await services.GetRequiredService<IRegionDirectory>().AllAsync(HttpContext.RequestAborted))
            .Where(r => region.Contains(r) && (visible is null || visible.Contains(r.Code))).ToList();
        var executed = await next();
        if (executed.Exception is PlatformException refusal && !executed.ExceptionHandled)
        {
            executed.ExceptionHandled = true;
            executed.Result = RefusalResult(refusal, "/admin/oral-history", "返回口述历史");
        }
    }

    public string RegionName(string code) => Subtree.FirstOrDefault(r => r.Code == code)?.Name ?? code;

}
