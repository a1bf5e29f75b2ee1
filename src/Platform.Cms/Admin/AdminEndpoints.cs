using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Platform.Cms.Data;
using Platform.Core.Modules;

namespace Platform.Cms.Admin;

public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/admin/select-region", SelectRegion).RequireAuthorization(PlatformPolicies.Admin).ExcludeFromDescription();
        endpoints.MapPost("/admin/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync();
            return Results.Redirect("/admin/login");
        }).RequireAuthorization(PlatformPolicies.Admin).ExcludeFromDescription();
    }

    private static async Task<IResult> SelectRegion(
        [FromForm] string region, [FromForm] string? returnUrl, HttpContext http, PlatformState state)
    {
        var snapshot = await state.GetAsync(http.RequestAborted);
        if (snapshot.ByCode.ContainsKey(region)) AdminRegion.Select(http, region);
        // Only local admin paths: never an open redirect.
        var target = returnUrl is { Length: > 0 } && returnUrl.StartsWith("/admin", StringComparison.Ordinal) && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            ? returnUrl : "/admin";
        return Results.LocalRedirect(target);
    }
}
