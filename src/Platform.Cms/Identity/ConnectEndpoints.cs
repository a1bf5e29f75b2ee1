using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Platform.Core.Access;
using Platform.Core.Auditing;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Cms.Identity;

/// <summary>The authorization server's pass-through endpoints: OpenIddict validates the protocol, these decide who gets what.</summary>
public static class ConnectEndpoints
{
    public const string Audience = "platform-api";

    public static void MapConnectEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/connect/authorize", ["GET", "POST"], (Delegate)Authorize).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapPost("/connect/token", Token).AllowAnonymous().RequireRateLimiting(IdentityServices.TokenLimiter).ExcludeFromDescription();
        endpoints.MapMethods("/connect/userinfo", ["GET", "POST"], (Delegate)UserInfo).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapMethods("/connect/endsession", ["GET", "POST"], (Delegate)EndSession).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<IResult> Authorize(
        HttpContext http, UserManager<PlatformUser> users, PeopleService people, IOpenIddictApplicationManager applications,
        IOpenIddictAuthorizationManager authorizations, IAntiforgery antiforgery, ApiScopes apiScopes, ClientRegistry clients)
    {
        // Requests OpenIddict refused without a safe place to send the error (e.g. an unregistered redirect address).
        if (http.GetOpenIddictServerResponse() is { Error: { Length: > 0 } error } refused)
            return AuthorizePages.Error(error, refused.ErrorDescription);
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var application = await applications.FindByClientIdAsync(request.ClientId!, http.RequestAborted)
            ?? throw new InvalidOperationException("OpenIddict validated an unknown client.");
        // A provider's client asking for what no provider may hold (a scope stored before that was checked): refused
        // before anyone signs in.
        var binding = await clients.BindingAsync(application, http.RequestAborted);
        if (binding is not null && apiScopes.NotForProviders(request.GetScopes()) is { Count: > 0 } notForProviders)
            return Refuse(Errors.InvalidScope, $"该接入系统不能申请以下权限范围：{string.Join(" ", notForProviders)}。");
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded ? await users.GetUserAsync(session.Principal!) : null;
        if (user is null || request.HasPromptValue(PromptValues.Login) || await users.IsLockedOutAsync(user))
        {
            if (request.HasPromptValue(PromptValues.None))
                return Refuse(Errors.LoginRequired, "请先登录。");
            var query = http.Request.HasFormContentType
                ? QueryString.Create(http.Request.Form.Where(f => f.Key != "prompt").Select(f => KeyValuePair.Create(f.Key, (string?)f.Value.ToString())))
                : QueryString.Create(http.Request.Query.Where(q => q.Key != "prompt").Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString())));
            return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + query },
                [IdentityConstants.ApplicationScheme]);
        }

        var identity = await people.ClaimsAsync(user, TokenValidationParameters.DefaultAuthenticationType, binding, http.RequestAborted);
        identity.SetScopes(request.GetScopes());
        identity.SetResources(Audience);
        identity.SetDestinations(Destinations);

        // A third-party system (explicit consent) needs the person's yes once; the platform's own admin does not.
        if (await applications.HasConsentTypeAsync(application, ConsentTypes.Explicit, http.RequestAborted))
        {
            var applicationId = await applications.GetIdAsync(application, http.RequestAborted);
            object? granted = null;
            await foreach (var existing in authorizations.FindAsync(user.Id, applicationId, Statuses.Valid, AuthorizationTypes.Permanent,
                               request.GetScopes(), http.RequestAborted))
            {
                granted = existing;
                break;
            }
            if (granted is null)
            {
                var answer = http.Request.HasFormContentType ? http.Request.Form["consent"].ToString() : "";
                if (answer.Length == 0)
                {
                    var name = await applications.GetLocalizedDisplayNameAsync(application, http.RequestAborted) ?? request.ClientId!;
                    var scopes = request.GetScopes().Select(s => apiScopes.Find(s) is { } d
                        ? Core.Text.Bilingual.T(d.DescriptionZh, d.DescriptionEn) : s);
                    var parameters = request.GetParameters().Select(p => KeyValuePair.Create(p.Key, p.Value.ToString() ?? ""));
                    return AuthorizePages.Consent(http, antiforgery, name, scopes, parameters);
                }
                await antiforgery.ValidateRequestAsync(http);
                if (answer != "accept")
                    return Refuse(Errors.AccessDenied, "您拒绝了授权。");
                granted = await authorizations.CreateAsync(identity, user.Id, applicationId!, AuthorizationTypes.Permanent,
                    identity.GetScopes(), http.RequestAborted);
            }
            identity.SetAuthorizationId(await authorizations.GetIdAsync(granted, http.RequestAborted));
        }
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> Token(
        HttpContext http, UserManager<PlatformUser> users, PeopleService people, IOpenIddictApplicationManager applications,
        ClientRegistry clients, ApiScopes apiScopes, IAuditLog audit)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsClientCredentialsGrantType())
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!, http.RequestAborted)
                ?? throw new InvalidOperationException("OpenIddict authenticated an unknown client.");
            // Every client-credentials client is a provider's system: a scope no provider may hold is refused, even
            // when a registration from before that rule still lists it.
            if (apiScopes.NotForProviders(request.GetScopes()) is { Count: > 0 } notForProviders)
                return Refuse(Errors.InvalidScope, $"该接入系统不能申请以下权限范围：{string.Join(" ", notForProviders)}。");
            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, request.ClientId);
            identity.SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application, http.RequestAborted) ?? request.ClientId);
            foreach (var grant in await clients.GrantsAsync(application, http.RequestAborted))
                identity.AddClaim(new Claim(GrantClaim.ClaimType, grant));
            identity.SetScopes(request.GetScopes());
            identity.SetResources(Audience);
            identity.SetDestinations(Destinations);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        // Authorization code or refresh token: the person must still exist and be unlocked. (A lock, a password change
        // or a revoked grant also revokes the person's tokens, see PeopleService.EndSessionsAsync.)
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var user = result.Principal?.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
        if (user is null || await users.IsLockedOutAsync(user))
        {
            await audit.WriteAsync(new AuditEntry("token.refused", user?.UserName ?? "unknown", null, null, null, "账号不存在或已锁定"), http.RequestAborted);
            return Refuse(Errors.InvalidGrant, "账号不存在或已被锁定，请联系管理员。");
        }
        // Claims are recomputed from today's grants, through the client's binding; a scope granted before the
        // binding's rule existed is dropped rather than carried on.
        var clientId = request.ClientId ?? result.Principal!.GetPresenters().FirstOrDefault();
        var binding = await clients.BindingAsync(clientId, http.RequestAborted);
        var fresh = await people.ClaimsAsync(user, TokenValidationParameters.DefaultAuthenticationType, binding, http.RequestAborted);
        var granted = result.Principal!.GetScopes();
        fresh.SetScopes(binding is null ? granted : granted.Except(apiScopes.NotForProviders(granted), StringComparer.Ordinal));
        fresh.SetResources(Audience);
        fresh.SetDestinations(Destinations);
        return Results.SignIn(new ClaimsPrincipal(fresh), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> UserInfo(
        HttpContext http, UserManager<PlatformUser> users, PeopleService people, ClientRegistry clients)
    {
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var user = result.Principal?.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
        if (user is null)
            return Results.Challenge(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        var binding = await clients.BindingAsync(result.Principal!.GetPresenters().FirstOrDefault(), http.RequestAborted);
        return Results.Ok(new Dictionary<string, object>
        {
            [Claims.Subject] = user.Id,
            [Claims.Name] = user.UserName ?? user.Id,
            ["display_name"] = user.DisplayName,
            [GrantClaim.ClaimType] = (await people.GrantsAsync(user.Id, binding, http.RequestAborted)).Select(g => g.Format()).ToArray(),
        });
    }

    private static async Task<IResult> EndSession(HttpContext http)
    {
        // A refused sign-out request (e.g. a return address that is relative or not registered) gets the error page;
        // signing out through OpenIddict after it refused would throw.
        if (http.GetOpenIddictServerResponse() is { Error: { Length: > 0 } error } refused)
            return AuthorizePages.SignOutError(error, refused.ErrorDescription);
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private static IEnumerable<string> Destinations(Claim claim) => claim.Type switch
    {
        Claims.Name or "display_name" or GrantClaim.ClaimType => [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        _ => [OpenIddictConstants.Destinations.AccessToken],
    };
}
