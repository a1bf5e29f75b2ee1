using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenIddict.Abstractions;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Auditing;
using Platform.Core.Regions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Cms.Identity;

public sealed record ClientInput(
    string ClientId, string DisplayName, string OrganisationId, string RegionCode, bool Confidential,
    IReadOnlyList<string> RedirectUris, IReadOnlyList<string> Scopes, string? FixedSecret = null);

/// <summary>A registered provider system as the admin shows it (never its secret: only a hash is stored).</summary>
public sealed record ClientView(
    string ClientId, string DisplayName, string? OrganisationId, string? RegionCode, bool Confidential,
    IReadOnlyList<string> RedirectUris, IReadOnlyList<string> Scopes, bool Disabled, string? DisabledBy, DateTimeOffset? DisabledAt);

/// <summary>OAuth clients: the admin UI itself, and providers' systems registered by a bureau.</summary>
/// <remarks>
/// Who manages which client: platform administrators every client; a bureau administrator the clients whose
/// region lies in their subtree. Any other client answers 404, as if it did not exist. The admin UI's own
/// client is never listed or changed here.
/// </remarks>
public sealed partial class ClientRegistry(
    IOpenIddictApplicationManager applications, ApiScopes scopes, IAuditLog audit,
    IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations, IAccessScope access,
    IRegionDirectory regions, IEnumerable<IOrganisationDirectory> organisations, TimeProvider time)
{
    public const string GrantsProperty = "platform_grants";
    public const string RegionProperty = "platform_region";

    /// <summary>
    /// Set while a client is disabled (who and when). A disabled client also loses its endpoint and grant-type
    /// permissions, so OpenIddict itself refuses it at every endpoint (token, authorize, revoke).
    /// </summary>
    public const string DisabledProperty = "platform_disabled";

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
        Validate(input);
        if (await applications.FindByClientIdAsync(input.ClientId, ct) is not null)
            throw PlatformException.Conflict($"客户端标识“{input.ClientId}”已存在。", $"Client id '{input.ClientId}' exists.");
        var unknown = input.Scopes.Where(s => scopes.Find(s) is null).ToList();
        if (unknown.Count > 0)
            throw PlatformException.Invalid($"未知的权限范围：{string.Join("、", unknown)}。", $"Unknown scopes: {string.Join(", ", unknown)}.");
        CheckScopes(input);
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
        descriptor.Permissions.UnionWith([.. ProtocolPermissions(input.Confidential, input.RedirectUris.Count > 0),
            .. input.Scopes.Select(s => Permissions.Prefixes.Scope + s)]);
        if (input.RedirectUris.Count > 0)
        {
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

    /// <summary>
    /// What tokens obtained through the client may reach: null for the platform's own admin client (no binding); for
    /// any other client its organisation, or <see cref="ClientBinding.Nothing"/> when it names none.
    /// </summary>
    public async Task<ClientBinding?> BindingAsync(object application, CancellationToken ct = default)
    {
        if (await applications.GetClientIdAsync(application, ct) == IdentitySchemes.AdminClientId) return null;
        var grant = (await GrantsAsync(application, ct)).Select(GrantClaim.Parse)
            .FirstOrDefault(g => g?.Role == PlatformRoles.ProviderSystem);
        return grant is null ? ClientBinding.Nothing : new ClientBinding(grant.OrganisationId, grant.RegionCode);
    }

    /// <summary>The binding of the client with this id (see the other overload); an unknown client binds nothing.</summary>
    public async Task<ClientBinding?> BindingAsync(string? clientId, CancellationToken ct = default)
    {
        if (clientId == IdentitySchemes.AdminClientId) return null;
        var application = string.IsNullOrEmpty(clientId) ? null : await applications.FindByClientIdAsync(clientId, ct);
        return application is null ? ClientBinding.Nothing : await BindingAsync(application, ct);
    }

    /// <summary>The grants a client's own tokens carry (client credentials).</summary>
    public async Task<IReadOnlyList<string>> GrantsAsync(object application, CancellationToken ct = default)
    {
        var properties = await applications.GetPropertiesAsync(application, ct);
        return properties.TryGetValue(GrantsProperty, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString()).OfType<string>().ToList()
            : [];
    }

    /// <summary>Endpoints and grant types: client credentials for a confidential client; code + PKCE (and refresh) when it has redirect URIs.</summary>
    private static IEnumerable<string> ProtocolPermissions(bool confidential, bool hasRedirectUris)
    {
        yield return Permissions.Endpoints.Token;
        yield return Permissions.Endpoints.Revocation;
        if (confidential) yield return Permissions.GrantTypes.ClientCredentials;
        if (!hasRedirectUris) yield break;
        yield return Permissions.Endpoints.Authorization;
        yield return Permissions.GrantTypes.AuthorizationCode;
        yield return Permissions.GrantTypes.RefreshToken;
        yield return Permissions.ResponseTypes.Code;
    }

    /// <summary>
    /// A provider's system holds only scopes meant for providers' systems (never the registry's or the region
    /// tree's write), and the OpenID Connect scopes only when it signs people in (has redirect addresses).
    /// </summary>
    private void CheckScopes(ClientInput input)
    {
        var notForProviders = scopes.NotForProviders(input.Scopes);
        if (notForProviders.Count > 0)
            throw PlatformException.Invalid(
                $"服务商的接入系统不能持有权限范围：{string.Join("、", notForProviders)}。这些范围只供退役军人事务部门人员或军休干部本人使用，请取消勾选后重新登记。",
                $"A provider's system may not hold {string.Join(", ", notForProviders)}: "
                + "those are for bureau staff or veterans themselves.");
        var signIn = input.Scopes.Where(s => ApiScopes.SignInScopes.Any(d => d.Name == s)).ToList();
        if (signIn.Count > 0 && input.RedirectUris.Count == 0)
            throw PlatformException.Invalid(
                $"{string.Join("、", signIn)} 只用于代人员登录的客户端：请填写回调地址，或取消勾选这些范围。",
                $"{string.Join(", ", signIn)} are only for clients that sign people in: enter a redirect URI or untick them.");
    }

    private static void Validate(ClientInput input)
    {
        if (string.IsNullOrWhiteSpace(input.ClientId) || !IdPattern().IsMatch(input.ClientId))
            throw PlatformException.Invalid("客户端标识须为 3 至 100 个字母、数字、点、下划线或连字符，并以字母或数字开头。",
                "The client id must be 3 to 100 letters, digits, dots, underscores or hyphens, starting with a letter or digit.");
        if (string.IsNullOrWhiteSpace(input.DisplayName) || input.DisplayName.Length > 100)
            throw PlatformException.Invalid("请填写名称（不超过 100 个字）。", "Enter a display name (at most 100 characters).");
        if (string.IsNullOrWhiteSpace(input.OrganisationId) || !IdPattern().IsMatch(input.OrganisationId))
            throw PlatformException.Invalid("服务商机构标识须为 3 至 100 个字母、数字、点、下划线或连字符。",
                "The provider organisation id must be 3 to 100 letters, digits, dots, underscores or hyphens.");
        if (string.IsNullOrWhiteSpace(input.RegionCode) || !RegionPattern().IsMatch(input.RegionCode))
            throw PlatformException.Invalid("所属地区代码须为 6 位数字。", "The region code must be 6 digits.");
        if (input.Scopes.Count == 0)
            throw PlatformException.Invalid("请至少选择一个权限范围。", "Pick at least one scope.");
        if (!input.Confidential && input.RedirectUris.Count == 0)
            throw PlatformException.Invalid("公开客户端只能用授权码（PKCE）登录，请填写至少一个回调地址。",
                "A public client signs in only with code + PKCE: enter at least one redirect URI.");
        foreach (var uri in input.RedirectUris)
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp)
                || parsed.Fragment.Length > 0 || parsed.UserInfo.Length > 0)
                throw PlatformException.Invalid($"回调地址“{uri}”须为完整的 http(s) 网址，且不能带 # 片段。",
                    $"Redirect URI '{uri}' must be an absolute http(s) URL without a fragment.");
        }
    }

    private static string Actor(ClaimsPrincipal caller) => caller.Identity?.Name ?? "anonymous";

    private sealed record DisabledMark(string? By, DateTimeOffset? At);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{2,99}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex RegionPattern();

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
