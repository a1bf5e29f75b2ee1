using Platform.Cms.Admin;
using Platform.Cms.Data;
using Platform.Cms.Theming;
using Platform.Core.Modules;
using Platform.Core.Text;

namespace Platform.Cms.Features;

/// <summary>
/// Answers 404 for a module's pages, admin and API in a region where the module is off, exactly as if
/// the module were not installed there. Runs after routing and before authorization, so the answer
/// does not depend on who asks.
/// </summary>
public sealed class FeatureGateMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, PlatformState state, ThemeRenderer renderer, Core.Access.IAccessScope access)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        var module = metadata?.GetMetadata<ModuleEndpointMetadata>();
        if (module is null || metadata!.GetMetadata<RegionAgnosticEndpoint>() is not null)
        {
            await next(context);
            return;
        }

        var region = RequestRegion.Of(context, module.Surface);
        var snapshot = await state.GetAsync(context.RequestAborted);
        // A signed-in person who has not picked a region yet works in the one the admin shell shows (and builds the menu for).
        if (region is null && module.Surface == ModuleSurface.Admin && context.User.Identity?.IsAuthenticated == true)
            region = AdminRegion.Current(context, snapshot, await access.VisibleRegionsAsync(context.User, context.RequestAborted))?.Code;
        var known = region is not null && snapshot.ByCode.ContainsKey(region);
        if (known && Features.FeatureResolver.Resolve(snapshot.ByCode, snapshot.Overrides, region!, module.ModuleId).Enabled)
        {
            await next(context);
            return;
        }

        if (module.Surface == ModuleSurface.Api)
        {
            var (zh, en) = region is null
                ? ("请用 region 参数指定行政区划代码。", "Pass the region code as the 'region' parameter.")
                : ("该地区未开通此服务，或地区代码不存在。", "This service is not available in that region, or the region does not exist.");
            await Results.Problem(statusCode: region is null ? 400 : 404, title: Bilingual.T(zh, en), detail: Bilingual.T(zh, en))
                .ExecuteAsync(context);
        }
        else if (module.Surface == ModuleSurface.Public)
        {
            await (await renderer.NotFoundAsync(context, known ? region : null)).ExecuteAsync(context);
        }
        else
        {
            await AdminNotFound.WriteAsync(context);
        }
    }
}

/// <summary>Which region a request is about: the route, then the query, then (admin only) the selected region.</summary>
public static class RequestRegion
{
    public static string? Of(HttpContext context, ModuleSurface surface)
    {
        if (context.GetRouteValue("region") is string fromRoute) return fromRoute;
        if (context.Request.Query.TryGetValue("region", out var fromQuery) && !string.IsNullOrEmpty(fromQuery)) return fromQuery.ToString();
        return surface == ModuleSurface.Admin ? AdminRegion.SelectedCode(context) : null;
    }
}
