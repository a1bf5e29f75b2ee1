using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Modules;
using Platform.Core.Regions;
using Platform.Modules.Veterans.Features.Excel;

namespace Platform.Modules.Veterans.Pages;

/// <summary>
/// Base of the module's admin pages: the region being worked in (the address's <c>?region=</c>, else the admin's
/// selected region), 404 for a region the person may not see, and refusals turned into a clear Chinese page.
/// </summary>
public abstract class VeteransPageModel : ModulePageModel
{
    private static readonly IReadOnlySet<int> Refusals = new HashSet<int> { 400, 409 };

    /// <summary>Only bad input and stale forms stay on the page (an oversized import file shows the refusal page).</summary>
    protected override IReadOnlySet<int> InputRefusals => Refusals;

    public RegionInfo Region { get; private set; } = null!;
    public IReadOnlyList<RegionInfo> Subtree { get; private set; } = [];

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
            executed.Result = RefusalResult(refusal, "/admin/veterans", "返回军休干部名册");
        }
    }

    public string RegionName(string code) => Subtree.FirstOrDefault(r => r.Code == code)?.Name ?? code;

    protected string Actor => User.Identity?.Name ?? "anonymous";


}
