using System.Security.Claims;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Regions;

namespace Platform.Cms.Identity;

/// <summary>The organisation a new client is bound to: one the registrar administers, serving the client's region.</summary>
public sealed partial class ClientRegistry
{
    private const int OrganisationChoiceLimit = 500;

    /// <summary>The organisation with this id, from whichever module owns it; null when none does.</summary>
    public async Task<OrganisationInfo?> FindOrganisationAsync(string organisationId, CancellationToken ct = default)
    {
        foreach (var directory in organisations)
        {
            if (await directory.FindAsync(organisationId, ct) is { } found) return found;
        }
        return null;
    }

    /// <summary>The organisations the caller may bind a client to (for the form; the registration checks again).</summary>
    public async Task<IReadOnlyList<OrganisationInfo>> OrganisationChoicesAsync(ClaimsPrincipal caller, CancellationToken ct = default)
    {
        var visible = await access.VisibleRegionsAsync(caller, ct);
        var choices = new List<OrganisationInfo>();
        foreach (var directory in organisations)
        {
            foreach (var organisation in await directory.ServingAsync(visible, OrganisationChoiceLimit, ct))
            {
                if (await AdministersAsync(caller, organisation, ct)) choices.Add(organisation);
            }
        }
        return choices;
    }

    /// <summary>
    /// Refuses (404, as if absent) an organisation that does not exist or that the caller may not administer, and (400)
    /// a region the organisation does not serve: a client's organisation and region must agree.
    /// </summary>
    private async Task CheckOrganisationAsync(ClaimsPrincipal caller, string organisationId, RegionInfo region, CancellationToken ct)
    {
        var organisation = await FindOrganisationAsync(organisationId, ct);
        if (organisation is null || !await AdministersAsync(caller, organisation, ct))
            throw PlatformException.NotFound(
                $"未找到服务商机构“{organisationId}”，或它不在您的管辖范围内。请从列表中选择本辖区的服务商机构。",
                $"Provider organisation '{organisationId}' was not found in your scope: pick one from the list.");
        foreach (var code in organisation.Regions)
        {
            if (await regions.FindAsync(code, ct) is { } served && served.Contains(region)) return;
        }
        var names = new List<string>();
        foreach (var code in organisation.Regions)
            names.Add((await regions.FindAsync(code, ct))?.Name ?? code);
        throw PlatformException.Invalid(
            $"“{region.Name}（{region.Code}）”不在“{organisation.Name}”的服务地区内（{string.Join("、", names)}）。请选择它的服务地区或其下级地区。",
            $"{region.Name} ({region.Code}) is not served by {organisation.Name}: pick one of its regions or a region below one.");
    }

    private async Task<bool> AdministersAsync(ClaimsPrincipal caller, OrganisationInfo organisation, CancellationToken ct) =>
        await access.ForOrganisationAsync(caller, organisation.Id, organisation.Regions, write: true, ct) == AccessDecision.Allowed;
}
