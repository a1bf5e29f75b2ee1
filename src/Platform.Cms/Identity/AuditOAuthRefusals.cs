using OpenIddict.Server;
using Platform.Core.Auditing;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Platform.Cms.Identity;

/// <summary>
/// Writes an audit entry for every refusal the authorization server itself answers: a replayed code or refresh
/// token, a wrong client secret, a missing PKCE, an unregistered redirect address. A replay is the usual sign of a
/// stolen token, so staff must be able to find it. The entry names the client and the error, never the token.
/// </summary>
public sealed class AuditOAuthRefusals(IAuditLog audit) :
    IOpenIddictServerHandler<ApplyTokenResponseContext>,
    IOpenIddictServerHandler<ApplyAuthorizationResponseContext>,
    IOpenIddictServerHandler<ApplyRevocationResponseContext>,
    IOpenIddictServerHandler<ApplyIntrospectionResponseContext>
{
    public ValueTask HandleAsync(ApplyTokenResponseContext context) =>
        WriteAsync("token", context.Request?.ClientId, context.Request?.GrantType, context.Response.Error, context.Response.ErrorDescription);

    public ValueTask HandleAsync(ApplyAuthorizationResponseContext context) =>
        WriteAsync("authorize", context.Request?.ClientId, context.Request?.ResponseType, context.Response.Error, context.Response.ErrorDescription);

    public ValueTask HandleAsync(ApplyRevocationResponseContext context) =>
        WriteAsync("revoke", context.Request?.ClientId, null, context.Response.Error, context.Response.ErrorDescription);

    public ValueTask HandleAsync(ApplyIntrospectionResponseContext context) =>
        WriteAsync("introspect", context.Request?.ClientId, null, context.Response.Error, context.Response.ErrorDescription);

    private async ValueTask WriteAsync(string endpoint, string? clientId, string? kind, string? error, string? description)
    {
        if (string.IsNullOrEmpty(error)) return;
        await audit.WriteAsync(new AuditEntry($"oauth.{endpoint}-refused", clientId ?? "unknown", null, null,
            kind, $"{error}: {description}"));
    }

    /// <summary>Registers the handler for the four endpoints.</summary>
    public static void Register(OpenIddictServerBuilder server)
    {
        server.AddEventHandler<ApplyTokenResponseContext>(b => b.UseScopedHandler<AuditOAuthRefusals>());
        server.AddEventHandler<ApplyAuthorizationResponseContext>(b => b.UseScopedHandler<AuditOAuthRefusals>());
        server.AddEventHandler<ApplyRevocationResponseContext>(b => b.UseScopedHandler<AuditOAuthRefusals>());
        server.AddEventHandler<ApplyIntrospectionResponseContext>(b => b.UseScopedHandler<AuditOAuthRefusals>());
    }
}
