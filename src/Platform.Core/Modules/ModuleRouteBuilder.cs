using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Core.Text;

namespace Platform.Core.Modules;

/// <summary>
/// The three route groups a module maps onto. Each group carries the module's
/// <see cref="ModuleEndpointMetadata"/> so the host can answer 404 where the module is disabled; a posted form that
/// cannot be read gets a Chinese refusal (<see cref="FormReadEndpointFilter"/>); the API group also turns refusals into
/// problem responses and checks every text argument (<see cref="TextEndpointFilter"/>).
/// </summary>
public sealed class ModuleRouteBuilder
{
    /// <summary>Creates the groups for one module.</summary>
    public ModuleRouteBuilder(IEndpointRouteBuilder endpoints, ModuleManifest manifest)
    {
        Manifest = manifest;
        Public = endpoints.MapGroup($"/r/{{region}}/{manifest.Slug}")
            .WithMetadata(new ModuleEndpointMetadata(manifest.Id, ModuleSurface.Public))
            .AllowAnonymous()
            .AddEndpointFilter<FormReadEndpointFilter>();
        Admin = endpoints.MapGroup($"/admin/{manifest.Slug}")
            .WithMetadata(new ModuleEndpointMetadata(manifest.Id, ModuleSurface.Admin))
            .RequireAuthorization(PlatformPolicies.Admin)
            .AddEndpointFilter<FormReadEndpointFilter>();
        Api = endpoints.MapGroup($"/api/v1/{manifest.Slug}")
            .WithMetadata(new ModuleEndpointMetadata(manifest.Id, ModuleSurface.Api))
            .WithTags(manifest.Id)
            .RequireAuthorization(PlatformPolicies.Api)
            .AddEndpointFilter<PlatformExceptionFilter>()
            .CheckText();
    }

    /// <summary>The module being mapped.</summary>
    public ModuleManifest Manifest { get; }

    /// <summary>Public pages: <c>/r/{region}/{slug}/...</c>, anonymous, rendered through the region's theme.</summary>
    public RouteGroupBuilder Public { get; }

    /// <summary>Admin pages: <c>/admin/{slug}/...</c>; the region is the admin's selected region.</summary>
    public RouteGroupBuilder Admin { get; }

    /// <summary>API: <c>/api/v1/{slug}/...</c>; pass the region as a <c>region</c> route or query value.</summary>
    public RouteGroupBuilder Api { get; }
}

/// <summary>Authorization policy names every module uses.</summary>
public static class PlatformPolicies
{
    /// <summary>Signed-in staff using the admin.</summary>
    public const string Admin = "platform-admin-area";

    /// <summary>Callers of the API.</summary>
    public const string Api = "platform-api";

    /// <summary>Platform administrators only (module switches at any level, regions).</summary>
    public const string PlatformAdmin = "platform-admin";
}
