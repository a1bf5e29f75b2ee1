using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Regions;

namespace Platform.Core.Modules;

/// <summary>
/// Base of a module's admin Razor Pages: a place for the page's Chinese error and notice, <see cref="TryAsync"/> that
/// turns a refusal about the input into that error (the form keeps what was typed), and the page shown for any other
/// refusal (<see cref="RefusalResult"/>: 404 stays "not found", others a plain Chinese "无法办理" page).
/// </summary>
public abstract class ModulePageModel : PageModel
{
    /// <summary>The host's "selected region" cookie, written by the admin bar's region picker.</summary>
    public const string RegionCookie = "platform-region";

    private static readonly IReadOnlySet<int> DefaultInputRefusals = new HashSet<int> { 400, 409, 413 };

    /// <summary>The refusal shown on the page, in the reader's language.</summary>
    public string? Error { get; set; }

    /// <summary>What the last change did.</summary>
    public string? Notice { get; set; }

    /// <summary>The refusal statuses that are about the input (shown on the page); 400, 409 and 413 unless a module says otherwise.</summary>
    protected virtual IReadOnlySet<int> InputRefusals => DefaultInputRefusals;

    /// <summary>Runs a change; a refusal about the input becomes the page's error, with the status it carries.</summary>
    protected async Task<bool> TryAsync(Func<Task> change, string notice)
    {
        try
        {
            await change();
            Notice = notice;
            return true;
        }
        catch (PlatformException ex) when (InputRefusals.Contains(ex.Status))
        {
            Error = ex.Localized;
            Response.StatusCode = ex.Status;
            return false;
        }
    }

    /// <summary>
    /// The region a bureau's page works in: <c>?region=</c> when the person may see it, else the admin's selected region
    /// (the cookie), else the first region they may see that is not archived. <c>Region</c> is null when there is none,
    /// or when the asked region is not theirs (<c>Asked</c> true: answer 404).
    /// </summary>
    protected async Task<(RegionInfo? Region, bool Asked)> SelectRegionAsync()
    {
        var services = HttpContext.RequestServices;
        var visible = await services.GetRequiredService<IAccessScope>().VisibleRegionsAsync(User, HttpContext.RequestAborted);
        var all = await services.GetRequiredService<IRegionDirectory>().AllAsync(HttpContext.RequestAborted);
        bool Visible(RegionInfo r) => visible is null || visible.Contains(r.Code);
        var asked = Request.Query["region"].ToString();
        var selected = asked.Length > 0 ? asked : Request.Cookies[RegionCookie];
        var region = all.FirstOrDefault(r => r.Code == selected && Visible(r)) ?? (asked.Length > 0 ? null : all.FirstOrDefault(r => !r.Archived && Visible(r)));
        return (region, asked.Length > 0);
    }

    /// <summary>A refusal as a page: 404 stays "not found"; others a Chinese page with the reason and a way back.</summary>
    public static IActionResult RefusalResult(PlatformException refusal, string backHref, string backText) => refusal.Status == 404
        ? new NotFoundResult()
        : new ContentResult
        {
            StatusCode = refusal.Status,
            ContentType = "text/html; charset=utf-8",
            Content = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>无法办理</title><link rel=\"stylesheet\" href=\"/css/admin.css\">"
                      + "<body><main id=\"main\"><h1>无法办理</h1><p class=\"error\" role=\"alert\">" + WebUtility.HtmlEncode(refusal.Localized)
                      + $"</p><p><a href=\"{WebUtility.HtmlEncode(backHref)}\">{WebUtility.HtmlEncode(backText)}</a></p></main></body></html>",
        };
}
