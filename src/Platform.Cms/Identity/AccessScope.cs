using System.Security.Claims;
using Platform.Core.Access;
using Platform.Core.Regions;

namespace Platform.Cms.Identity;

/// <summary>Scope rules for every module: grants against the region tree.</summary>
public sealed class AccessScope(IRegionDirectory regions) : IAccessScope
{
    private static readonly HashSet<string> RegionRoles = [PlatformRoles.BureauAdmin, PlatformRoles.LiaisonOfficer];
    private static readonly HashSet<string> OrganisationRoles = [PlatformRoles.ProviderAdmin, PlatformRoles.ProviderStaff, PlatformRoles.ProviderSystem];

    public async ValueTask<AccessDecision> ForRegionAsync(ClaimsPrincipal caller, string regionCode, bool write, CancellationToken cancellationToken = default)
    {
        var grants = GrantClaim.Of(caller);
        if (GrantClaim.IsPlatformAdmin(grants)) return AccessDecision.Allowed;
        var covering = await CoveringAsync(grants, regionCode, cancellationToken);
        if (covering.Any(g => g.Role == PlatformRoles.BureauAdmin)) return AccessDecision.Allowed;
        if (covering.Count > 0) return write ? AccessDecision.Forbidden : AccessDecision.Allowed;
        return AccessDecision.Hidden;
    }

    public async ValueTask<AccessDecision> ForOrganisationAsync(
        ClaimsPrincipal caller, string organisationId, IReadOnlyCollection<string> organisationRegions, bool write, CancellationToken cancellationToken = default)
    {
        var grants = GrantClaim.Of(caller);
        if (GrantClaim.IsPlatformAdmin(grants)) return AccessDecision.Allowed;
        if (grants.Any(g => OrganisationRoles.Contains(g.Role) && g.OrganisationId == organisationId)) return AccessDecision.Allowed;
        var best = AccessDecision.Hidden;
        foreach (var region in organisationRegions)
        {
            var decision = await ForRegionAsync(caller, region, write, cancellationToken);
            if (decision == AccessDecision.Allowed) return decision;
            if (decision == AccessDecision.Forbidden) best = decision;
        }
        return best;
    }

    public async ValueTask<AccessDecision> ForVeteranAsync(ClaimsPrincipal caller, string veteranId, string regionCode, bool write, CancellationToken cancellationToken = default)
    {
        var grants = GrantClaim.Of(caller);
        var regionDecision = await ForRegionAsync(caller, regionCode, write, cancellationToken);
        if (regionDecision == AccessDecision.Allowed) return regionDecision;
        if (grants.Any(g => g.Role == PlatformRoles.Veteran && g.VeteranId == veteranId))
            return write ? AccessDecision.Forbidden : AccessDecision.Allowed;
        return regionDecision;
    }

    public async ValueTask<IReadOnlySet<string>?> VisibleRegionsAsync(ClaimsPrincipal caller, CancellationToken cancellationToken = default)
    {
        var grants = GrantClaim.Of(caller);
        if (GrantClaim.IsPlatformAdmin(grants)) return null;
        var all = await regions.AllAsync(cancellationToken);
        var roots = new List<RegionInfo>();
        foreach (var g in grants.Where(g => RegionRoles.Contains(g.Role) && g.RegionCode is not null))
        {
            if (await regions.FindAsync(g.RegionCode!, cancellationToken) is { } root) roots.Add(root);
        }
        return all.Where(r => roots.Any(root => root.Contains(r))).Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
    }

    public async ValueTask<bool> HoldsRoleOverAsync(ClaimsPrincipal caller, IReadOnlyCollection<string> roles, string regionCode, CancellationToken cancellationToken = default) =>
        (await CoveringAsync(GrantClaim.Of(caller), regionCode, cancellationToken)).Any(g => roles.Contains(g.Role));

    private async Task<List<GrantClaim>> CoveringAsync(IReadOnlyList<GrantClaim> grants, string regionCode, CancellationToken ct)
    {
        var target = await regions.FindAsync(regionCode, ct);
        if (target is null) return [];
        var covering = new List<GrantClaim>();
        foreach (var g in grants.Where(g => RegionRoles.Contains(g.Role) && g.RegionCode is not null))
        {
            if (await regions.FindAsync(g.RegionCode!, ct) is { } root && root.Contains(target)) covering.Add(g);
        }
        return covering;
    }
}
