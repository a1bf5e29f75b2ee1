using Microsoft.AspNetCore.Authorization;
using Platform.Core.Access;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Cms.Identity;

/// <summary>
/// An API call needs every scope its endpoint names (<see cref="RequiredScope"/>) in the caller's token. An API
/// endpoint that names no scope is refused for everyone: a forgotten declaration must fail closed, not open.
/// </summary>
public sealed class ScopeRequirement : IAuthorizationRequirement;

public sealed class ScopeAuthorizationHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        var endpoint = context.Resource switch
        {
            HttpContext http => http.GetEndpoint(),
            Endpoint e => e,
            _ => null,
        };
        var required = endpoint?.Metadata.GetOrderedMetadata<RequiredScope>() ?? [];
        var granted = context.User.FindAll(Claims.Private.Scope).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        if (required.Count > 0 && required.All(r => granted.Contains(r.Scope)))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
