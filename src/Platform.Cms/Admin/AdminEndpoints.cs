using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Platform.Cms.Data;
using Platform.Cms.Identity;
using Platform.Core.Access;
using Platform.Core.Modules;

namespace Platform.Cms.Admin;

public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/admin/select-region", SelectRegion).RequireAuthorization(PlatformPolicies.Admin).ExcludeFromDescription();
        endpoints.MapGet("/admin/login", () => Results.Challenge(
                new AuthenticationProperties { RedirectUri = "/admin" }, [IdentitySchemes.AdminOidc]))
            .AllowAnonymous().ExcludeFromDescription();
        endpoints.MapPost("/admin/logout", (HttpContext http) => Results.SignOut(
                new AuthenticationProperties { RedirectUri = "/" }, [IdentitySchemes.AdminCookie, IdentitySchemes.AdminOidc]))
            .RequireAuthorization(PlatformPolicies.Admin).ExcludeFromDescription();
    }

    private static async Task<IResult> SelectRegion(
        [FromForm] string region, [FromForm] string? returnUrl, HttpContext http, PlatformState state, IAccessScope access)
    {
        var snapshot = await state.GetAsync(http.RequestAborted);
        var visible = await access.VisibleRegionsAsync(http.User, http.RequestAborted);
        if (snapshot.ByCode.ContainsKey(region) && (visible is null || visible.Contains(region))) AdminRegion.Select(http, region);
        // Only local admin paths: never an open redirect.
        var target = returnUrl is { Length: > 0 } && returnUrl.StartsWith("/admin", StringComparison.Ordinal) && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            ? returnUrl : "/admin";
        return Results.LocalRedirect(target);
    }
}
