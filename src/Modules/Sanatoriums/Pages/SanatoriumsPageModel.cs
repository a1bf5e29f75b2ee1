using CultureInfo = System.Globalization.CultureInfo;
using NumberStyles = System.Globalization.NumberStyles;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Features;
using Platform.Core.Modules;
using Platform.Core.Regions;

namespace Platform.Modules.Sanatoriums.Pages;

/// <summary>
/// Base of the module's admin pages. They serve bureaus and liaison officers (who work in a region: <c>?region=</c>, else
/// the admin's selected one) and a sanatorium's staff (whose grant names an organisation, not a region), so the pages
/// carry no host region gate (<c>RegionAgnosticEndpoint</c>, added for the folder in the module) and check the module
/// is on in each record's region themselves. Refusals become 404 or a plain Chinese page.
/// </summary>
public abstract class SanatoriumsPageModel : ModulePageModel
{
    /// <summary>The bureau's or liaison officer's region where the module is on; null for provider staff.</summary>
    public RegionInfo? Region { get; private set; }

    public IReadOnlyList<string> Organisations { get; private set; } = [];

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var services = HttpContext.RequestServices;
        (Region, var asked) = await SelectRegionAsync();
        if (asked && Region is null)
        {
            context.Result = NotFound();
            return;
        }
        if (Region is not null && !await services.GetRequiredService<IFeatureGate>().IsEnabledAsync(Region.Code, SanatoriumsModule.Id, HttpContext.RequestAborted))
            Region = null;
        Organisations = GrantClaim.Of(User).Where(g => g.OrganisationId is not null).Select(g => g.OrganisationId!).Distinct().ToList();
        var executed = await next();
        if (executed.Exception is PlatformException refusal && !executed.ExceptionHandled)
        {
            executed.ExceptionHandled = true;
            executed.Result = RefusalResult(refusal, "/admin/sanatoriums", "返回疗养安排");
        }
    }

    /// <summary>404 where the module is off in the record's region.</summary>
    protected async Task EnsureEnabledAsync(string regionCode)
    {
        if (!await HttpContext.RequestServices.GetRequiredService<IFeatureGate>().IsEnabledAsync(regionCode, SanatoriumsModule.Id, HttpContext.RequestAborted))
            throw PlatformException.NotFound("该地区未开通疗养安排。", "The sanatoriums module is off there.");
    }

    public static string Money(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    public static string China(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static int? Number(string? text) => int.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}
