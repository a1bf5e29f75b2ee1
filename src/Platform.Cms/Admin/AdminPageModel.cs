using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Cms.Data;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Regions;

namespace Platform.Cms.Admin;

/// <summary>Base for admin pages: the selected region, and a place for a Chinese error message.</summary>
public abstract class AdminPageModel(PlatformState state, IAccessScope access) : PageModel
{
    public StateSnapshot Snapshot { get; private set; } = null!;
    public IReadOnlySet<string>? Visible { get; private set; }
    protected IAccessScope Access => access;
    public RegionInfo? Region { get; private set; }
    public string? Error { get; set; }
    public string? Notice { get; set; }

    protected async Task LoadRegionAsync()
    {
        Snapshot = await state.GetAsync(HttpContext.RequestAborted);
        Visible = await access.VisibleRegionsAsync(User, HttpContext.RequestAborted);
        if (Request.Query.TryGetValue("region", out var asked) && Snapshot.ByCode.ContainsKey(asked.ToString())
            && (Visible is null || Visible.Contains(asked.ToString())))
        {
            AdminRegion.Select(HttpContext, asked.ToString());
            Region = Snapshot.ByCode[asked.ToString()];
        }
        else
        {
            Region = AdminRegion.Current(HttpContext, Snapshot, Visible);
        }
    }

    /// <summary>A region named in the address that the person may not see (or that does not exist) answers 404.</summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (Request.Query.TryGetValue("region", out var asked) && asked.ToString() is { Length: > 0 } code)
        {
            var snapshot = await state.GetAsync(HttpContext.RequestAborted);
            var visible = await access.VisibleRegionsAsync(User, HttpContext.RequestAborted);
            if (!snapshot.ByCode.ContainsKey(code) || (visible is not null && !visible.Contains(code)))
            {
                context.Result = NotFound();
                return;
            }
        }
        await next();
    }

    /// <summary>Runs a change; a refusal becomes the page's error message and nothing is changed.</summary>
    protected async Task<bool> TryAsync(Func<Task> change, string notice)
    {
        try
        {
            await change();
            Notice = notice;
            return true;
        }
        catch (PlatformException ex)
        {
            Error = ex.Localized;
            Response.StatusCode = ex.Status;
            return false;
        }
    }

    protected string Actor => User.Identity?.Name ?? "anonymous";

    protected bool IsPlatformAdmin => GrantClaim.IsPlatformAdmin(User);
}
