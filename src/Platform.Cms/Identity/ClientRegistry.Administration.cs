using System.Security.Claims;
using System.Text.Json;
using OpenIddict.Abstractions;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Auditing;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Cms.Identity;

/// <summary>The client pages' side of <see cref="ClientRegistry"/>: every operation checked against the caller's scope.</summary>
public sealed partial class ClientRegistry
{
    /// <summary>The provider systems the caller manages, by client id (the admin UI's own client never appears).</summary>
    public async Task<IReadOnlyList<ClientView>> ListAsync(ClaimsPrincipal caller, CancellationToken ct = default)
    {
        // Read them all first: the scope checks below must not run while the store's reader is still open.
        var all = new List<object>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, ct))
            all.Add(application);
        var visible = new List<ClientView>();
        foreach (var application in all)
        {
            var view = await ViewAsync(application, ct);
            if (view is not null && await ManagesAsync(caller, view.RegionCode, ct)) visible.Add(view);
        }
        return [.. visible.OrderBy(v => v.ClientId, StringComparer.Ordinal)];
    }

    /// <summary>One client the caller manages; 404 when it does not exist, is the admin UI, or lies outside the caller's scope.</summary>
    public async Task<ClientView> FindAsync(ClaimsPrincipal caller, string clientId, CancellationToken ct = default) =>
        (await FindManagedAsync(caller, clientId, ct)).View;

    /// <summary>
    /// Registers a provider system for a region in the caller's scope (403 otherwise), bound to an organisation the
    /// caller administers (404 otherwise) that serves that region; returns the secret of a confidential client, to
    /// be shown once.
    /// </summary>
    public async Task<string?> RegisterAsync(ClaimsPrincipal caller, ClientInput input, CancellationToken ct = default)
    {
        var code = input.RegionCode.Trim();
        var region = code.Length == 0 ? null : await regions.FindAsync(code, ct);
        if (region is null)
            throw PlatformException.Invalid($"未找到行政区划“{code}”，请选择接入系统所属的地区。", $"Region '{code}' was not found: pick the client's region.");
        if (!await ManagesAsync(caller, region.Code, ct))
            throw new PlatformException(403,
                $"您只能为本辖区（含下级地区）登记接入系统，“{region.Name}（{region.Code}）”不在您的管辖范围内。如需登记，请联系该地区或平台管理员。",
                $"You may register clients only for regions in your own subtree; {region.Name} ({region.Code}) is not. Ask that region's or the platform administrator.");
        if (region.Archived)
            throw PlatformException.Invalid($"“{region.Name}”已归档，不能再登记新的接入系统。", $"{region.Name} is archived and takes no new clients.");
        input = input with { RegionCode = region.Code, OrganisationId = input.OrganisationId.Trim(), FixedSecret = null };
        Validate(input);
        await CheckOrganisationAsync(caller, input.OrganisationId, region, ct);
        return await CreateAsync(input, Actor(caller), ct);
    }

    /// <summary>Replaces a confidential client's secret; the old one stops working at once and tokens obtained with it are revoked.</summary>
    public async Task<string> RotateSecretAsync(ClaimsPrincipal caller, string clientId, CancellationToken ct = default)
    {
        var (application, view) = await FindManagedAsync(caller, clientId, ct);
        if (!view.Confidential)
            throw PlatformException.Invalid("公开客户端没有密钥，无需轮换。", "A public client has no secret to rotate.");
        var secret = NewSecret();
        await applications.UpdateAsync(application, secret, ct);
        var revoked = await RevokeAsync(application, ct);
        await audit.WriteAsync(new AuditEntry("client.rotate-secret", Actor(caller), view.RegionCode, null, null,
            $"{view.ClientId}（已作废令牌 {revoked} 个）"), ct);
        return secret;
    }

    /// <summary>
    /// Disables a client: it can no longer obtain tokens or start sign-ins, and every token and authorization it
    /// holds is revoked, so the API refuses tokens already issued. Returns how many tokens were revoked.
    /// </summary>
    public async Task<long> DisableAsync(ClaimsPrincipal caller, string clientId, CancellationToken ct = default)
    {
        var (application, view) = await FindManagedAsync(caller, clientId, ct);
        if (!view.Disabled)
        {
            var descriptor = new OpenIddictApplicationDescriptor();
            await applications.PopulateAsync(descriptor, application, ct);
            descriptor.Permissions.RemoveWhere(p => !p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal));
            descriptor.Properties[DisabledProperty] = JsonSerializer.SerializeToElement(
                new DisabledMark(Actor(caller), time.GetUtcNow()));
            await applications.UpdateAsync(application, descriptor, ct);
        }
        // Revoke even when already disabled: a second press cleans up anything issued in between.
        var revoked = await RevokeAsync(application, ct);
        if (!view.Disabled)
            await audit.WriteAsync(new AuditEntry("client.disable", Actor(caller), view.RegionCode, null, "启用",
                $"{view.ClientId} 停用（已作废令牌 {revoked} 个）"), ct);
        return revoked;
    }

    /// <summary>Enables a disabled client again with the permissions its type and redirect URIs call for.</summary>
    public async Task EnableAsync(ClaimsPrincipal caller, string clientId, CancellationToken ct = default)
    {
        var (application, view) = await FindManagedAsync(caller, clientId, ct);
        if (!view.Disabled) return;
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, ct);
        descriptor.Permissions.UnionWith(ProtocolPermissions(view.Confidential, view.RedirectUris.Count > 0));
        descriptor.Properties.Remove(DisabledProperty);
        await applications.UpdateAsync(application, descriptor, ct);
        await audit.WriteAsync(new AuditEntry("client.enable", Actor(caller), view.RegionCode, null, "停用", $"{view.ClientId} 启用"), ct);
    }

    private async Task<(object Application, ClientView View)> FindManagedAsync(ClaimsPrincipal caller, string clientId, CancellationToken ct)
    {
        var application = string.IsNullOrWhiteSpace(clientId) ? null : await applications.FindByClientIdAsync(clientId, ct);
        var view = application is null ? null : await ViewAsync(application, ct);
        if (application is null || view is null || !await ManagesAsync(caller, view.RegionCode, ct))
            throw PlatformException.NotFound($"未找到接入系统“{clientId}”。", $"Client '{clientId}' was not found.");
        return (application, view);
    }

    /// <summary>Platform administrators manage every client; a bureau administrator those of regions in their subtree.</summary>
    private async Task<bool> ManagesAsync(ClaimsPrincipal caller, string? regionCode, CancellationToken ct)
    {
        if (GrantClaim.IsPlatformAdmin(caller)) return true;
        if (regionCode is null || !GrantClaim.Of(caller).Any(g => g.Role == PlatformRoles.BureauAdmin)) return false;
        return await access.ForRegionAsync(caller, regionCode, write: true, ct) == AccessDecision.Allowed;
    }

    private async Task<ClientView?> ViewAsync(object application, CancellationToken ct)
    {
        var clientId = await applications.GetClientIdAsync(application, ct);
        if (clientId is null || clientId == IdentitySchemes.AdminClientId) return null;
        var properties = await applications.GetPropertiesAsync(application, ct);
        var region = properties.TryGetValue(RegionProperty, out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var organisation = (await GrantsAsync(application, ct)).Select(GrantClaim.Parse)
            .FirstOrDefault(g => g?.Role == PlatformRoles.ProviderSystem)?.OrganisationId;
        DisabledMark? disabled = properties.TryGetValue(DisabledProperty, out var d) && d.ValueKind == JsonValueKind.Object
            ? d.Deserialize<DisabledMark>() ?? new DisabledMark(null, null)
            : null;
        var permissions = await applications.GetPermissionsAsync(application, ct);
        return new ClientView(
            clientId,
            await applications.GetDisplayNameAsync(application, ct) ?? clientId,
            organisation,
            region,
            await applications.HasClientTypeAsync(application, ClientTypes.Confidential, ct),
            [.. (await applications.GetRedirectUrisAsync(application, ct)).Order(StringComparer.Ordinal)],
            [.. permissions.Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
                .Select(p => p[Permissions.Prefixes.Scope.Length..]).Order(StringComparer.Ordinal)],
            disabled is not null,
            disabled?.By,
            disabled?.At);
    }

    private async Task<long> RevokeAsync(object application, CancellationToken ct)
    {
        var id = await applications.GetIdAsync(application, ct) ?? throw new InvalidOperationException("An OpenIddict application has no id.");
        var revoked = await tokens.RevokeByApplicationIdAsync(id, ct);
        await authorizations.RevokeByApplicationIdAsync(id, ct);
        return revoked;
    }
}
