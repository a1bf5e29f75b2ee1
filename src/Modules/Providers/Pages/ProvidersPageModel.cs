using NumberStyles = System.Globalization.NumberStyles;
using CultureInfo = System.Globalization.CultureInfo;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Features;
using Platform.Core.Modules;
using Platform.Core.Regions;

namespace Platform.Modules.Providers.Pages;

/// <summary>
/// Base of the module's admin pages: refusals become 404 or a clear Chinese page, input errors stay on the form
/// (with what was typed). Bureau pages work in a region (<c>?region=</c>, else the admin's selected one).
/// </summary>
public abstract class ProvidersPageModel : ModulePageModel
{

    public RegionInfo? Region { get; private set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var services = HttpContext.RequestServices;
        var visible = await services.GetRequiredService<IAccessScope>().VisibleRegionsAsync(User, HttpContext.RequestAborted);
        var all = await services.GetRequiredService<IRegionDirectory>().AllAsync(HttpContext.RequestAborted);
        bool Visible(RegionInfo r) => visible is null || visible.Contains(r.Code);
        if (Request.Query.TryGetValue("region", out var asked) && asked.ToString() is { Length: > 0 } code)
        {
            Region = all.FirstOrDefault(r => r.Code == code && Visible(r));
            if (Region is null)
            {
                context.Result = NotFound();
                return;
            }
            // Work on in this region, as the host's own pages do (the shell's menu follows it).
            Response.Cookies.Append(RegionCookie, code, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = Request.IsHttps });
        }
        else
        {
            var selected = Request.Cookies.TryGetValue(RegionCookie, out var cookie) ? cookie : null;
            Region = all.FirstOrDefault(r => r.Code == selected && Visible(r)) ?? all.FirstOrDefault(r => !r.Archived && Visible(r));
        }
        // Pages without the host's feature gate (organisation pages) check the module themselves.
        if (Region is not null && !await services.GetRequiredService<IFeatureGate>().IsEnabledAsync(Region.Code, ProvidersModule.Id, HttpContext.RequestAborted))
            Region = null;

        var executed = await next();
        if (executed.Exception is PlatformException refusal && !executed.ExceptionHandled)
        {
            executed.ExceptionHandled = true;
            executed.Result = RefusalResult(refusal, "/admin/providers", "返回服务商");
        }
    }

    /// <summary>The bureau's region, or 404 when the person has none where the module is on.</summary>
    protected RegionInfo RequireRegion() =>
        Region ?? throw PlatformException.NotFound("请先在顶部选择您管辖的地区（该地区须已开通服务商模块）。", "Pick a region where the providers module is on.");


    /// <summary>Reads a yuan amount as typed ("12", "12.5", "１２"); null when it is not a number.</summary>
    public static decimal? Yuan(string? text) =>
        decimal.TryParse(text?.Trim().Normalize(NormalizationForm.FormKC), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static string Money(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    public static string Date(DateTime at) => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

}
