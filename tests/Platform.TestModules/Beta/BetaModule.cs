using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Platform.Core.Access;
using Platform.Core.Caching;
using Platform.Core.Modules;

namespace Platform.TestModules.Beta;

public sealed class BetaModule : PlatformModule
{
    public override ModuleManifest Manifest { get; } = new("Beta", "乙模块", "Beta", "0.3.0", "测试", "beta")
    {
        Dependencies = ["Alpha"],
    };

    public override IReadOnlyList<AdminMenuItem> AdminMenu { get; } = [new("乙模块", "Beta", "/admin/beta")];

    public override IReadOnlyList<ApiScopeDescriptor> Scopes { get; } = [new("beta.read", "读取乙模块", "Read Beta", ScopeAudience.Staff)];

    public override IReadOnlyList<PermissionDescriptor> Permissions { get; } = [new("beta.greet", "问候", "Greet", [PlatformRoles.BureauAdmin])];

    public override void MapRoutes(ModuleRouteBuilder routes)
    {
        routes.Public.MapGet("/", (string region) => Results.Text($"beta public {region}"));
        // Who the host signed in for a public page (anonymous visitors skip sign-in altogether).
        // (IAuthenticationFeature is set by the authentication middleware on every request it runs for.)
        routes.Public.MapGet("/whoami", (HttpContext http) => Results.Text(http.User.Identity?.IsAuthenticated == true ? http.User.Identity.Name ?? "?"
            : http.Features.Get<Microsoft.AspNetCore.Authentication.IAuthenticationFeature>() is null ? "anonymous" : "anonymous, sign-in ran"))
            .CachePublicly();
        routes.Admin.MapGet("/", () => Results.Text("beta admin"));
        routes.Api.MapGet("/ping", async (string region, HttpContext http, IAccessScope access) =>
        {
            await access.EnsureAsync(http.User, region, write: false);
            return Results.Ok(new { region });
        }).RequireScope("beta.read");
    }
}
