using System.Security.Cryptography;
using System.Text.Json;
using OpenIddict.Abstractions;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Auditing;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Cms.Identity;

public sealed record ClientInput(
    string ClientId, string DisplayName, string OrganisationId, string RegionCode, bool Confidential,
    IReadOnlyList<string> RedirectUris, IReadOnlyList<string> Scopes, string? FixedSecret = null);

/// <summary>OAuth clients: the admin UI itself, and providers' systems registered by a bureau.</summary>
public sealed class ClientRegistry(IOpenIddictApplicationManager applications, ApiScopes scopes, IAuditLog audit)
{
    public const string GrantsProperty = "platform_grants";
    public const string RegionProperty = "platform_region";

    /// <summary>Registers (or updates) the admin UI as a public client using code + PKCE with exactly these redirect URIs.</summary>
    public async Task EnsureAdminClientAsync(IEnumerable<string> baseUrls, CancellationToken ct = default)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = IdentitySchemes.AdminClientId,
            ClientType = ClientTypes.Public,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "军休服务平台管理后台",
        };
        foreach (var url in baseUrls.Select(u => u.TrimEnd('/')).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            descriptor.RedirectUris.Add(new Uri(url + IdentitySchemes.AdminCallbackPath));
            descriptor.PostLogoutRedirectUris.Add(new Uri(url + IdentitySchemes.AdminSignedOutPath));
        }
        descriptor.Permissions.UnionWith([
            Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
            Permissions.Endpoints.Revocation, Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken,
            Permissions.ResponseTypes.Code, Permissions.Scopes.Profile, Permissions.Prefixes.Scope + Scopes.OfflineAccess,
            .. scopes.All.Select(s => Permissions.Prefixes.Scope + s.Name),
        ]);
        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        var existing = await applications.FindByClientIdAsync(IdentitySchemes.AdminClientId, ct);
        if (existing is null) await applications.CreateAsync(descriptor, ct);
        else await applications.UpdateAsync(existing, descriptor, ct);
    }

    /// <summary>Registers a provider's system; returns the client secret, shown once and stored only as a hash.</summary>
    public async Task<string?> CreateAsync(ClientInput input, string actor, CancellationToken ct = default)
    {
        if (await applications.FindByClientIdAsync(input.ClientId, ct) is not null)
            throw PlatformException.Conflict($"客户端标识“{input.ClientId}”已存在。", $"Client id '{input.ClientId}' exists.");
        var unknown = input.Scopes.Except(scopes.All.Select(s => s.Name)).ToList();
        if (unknown.Count > 0)
            throw PlatformException.Invalid($"未知的权限范围：{string.Join("、", unknown)}。", $"Unknown scopes: {string.Join(", ", unknown)}.");
        var secret = input.Confidential ? input.FixedSecret ?? NewSecret() : null;
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = input.ClientId,
            ClientSecret = secret,
            ClientType = input.Confidential ? ClientTypes.Confidential : ClientTypes.Public,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = ConsentTypes.Explicit,
            DisplayName = input.DisplayName,
        };
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Endpoints.Revocation,
            .. input.Scopes.Select(s => Permissions.Prefixes.Scope + s)]);
        if (input.Confidential) descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        if (input.RedirectUris.Count > 0)
        {
            descriptor.Permissions.UnionWith([Permissions.Endpoints.Authorization, Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code]);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            foreach (var uri in input.RedirectUris)
            {
                if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
                    throw PlatformException.Invalid($"回调地址“{uri}”不是完整的网址。", $"Redirect URI '{uri}' is not absolute.");
                descriptor.RedirectUris.Add(parsed);
            }
        }
        var grant = new GrantClaim(PlatformRoles.ProviderSystem, input.RegionCode, input.OrganisationId);
        descriptor.Properties[GrantsProperty] = JsonSerializer.SerializeToElement(new[] { grant.Format() });
        descriptor.Properties[RegionProperty] = JsonSerializer.SerializeToElement(input.RegionCode);
        await applications.CreateAsync(descriptor, ct);
        await audit.WriteAsync(new AuditEntry("client.create", actor, input.RegionCode, null, null,
            $"{input.ClientId}（{input.OrganisationId}；{string.Join(" ", input.Scopes)}）"), ct);
        return secret;
    }

    /// <summary>The grants a client's own tokens carry (client credentials).</summary>
    public async Task<IReadOnlyList<string>> GrantsAsync(object application, CancellationToken ct = default)
    {
        var properties = await applications.GetPropertiesAsync(application, ct);
        return properties.TryGetValue(GrantsProperty, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString()).OfType<string>().ToList()
            : [];
    }

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
