using Microsoft.AspNetCore.Mvc.Filters;
using Platform.Core.Modules;
using Platform.Core.Text;

namespace Platform.Cms.Hosting;

/// <summary>
/// Reads a page's posted form before the antiforgery check does: a form that cannot be read (a value over the form
/// reader's 4 MB limit, a NUL it refuses, a body over the request limit) would otherwise fail that check with a bare
/// 400. The person gets the Chinese refusal instead, and nothing runs. A form read here is the one the page binds.
/// </summary>
public sealed class FormReadFilter : IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>After a page's own form limits are set (<c>[RequestFormLimits]</c>, order 900), before antiforgery (1000).</summary>
    public int Order => 950;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var request = context.HttpContext.Request;
        if (!request.HasFormContentType) return;
        try
        {
            await request.ReadFormAsync(context.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (FormReadEndpointFilter.IsUnreadable(ex))
        {
            var back = Bilingual.T("返回表单", "Back to the form");
            context.Result = ModulePageModel.RefusalResult(FormReadEndpointFilter.Refusal(ex), request.Path, back);
        }
    }
}
