using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Platform.Core.Access;

/// <summary>Endpoint metadata: the OAuth scope a bearer token must carry to call the endpoint.</summary>
public sealed record RequiredScope(string Scope);

/// <summary>Helpers to state an endpoint's scope.</summary>
public static class ScopeEndpointExtensions
{
    /// <summary>The caller's token must carry <paramref name="scope"/> (checked by the host for every API call).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredScope(scope));
}
