using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Cms.Identity;
using Platform.Core.Access;
using Platform.Core.Modules;
using Platform.Core.Workflows;

namespace Platform.Cms.Notifications;

/// <summary>A person a notification goes to.</summary>
public sealed record Recipient(string UserId, string UserName, string DisplayName, string? Email);

/// <summary>
/// Who a <c>notify</c> action reaches. <c>starter</c>: the person who started the process. <c>reviewers</c>: everyone
/// who may fire a transition leaving the state, where the record is: a grant of a role the permission names, over
/// the record's region (its own or an ancestor's) or for its organisation; not the person who just acted. When nobody
/// in the region may act, the platform administrators are told instead, so that no item waits unseen.
/// </summary>
public sealed class NotificationRecipients(IdentityStoreContext identity, PlatformState state, ModuleCatalog modules)
{
    public async Task<IReadOnlyList<Recipient>> ResolveAsync(
        WorkflowInstance instance, WorkflowDefinition? definition, OutboxData data, string recipient, CancellationToken ct)
    {
        if (recipient == "starter")
            return instance.StartedBy is { } starter ? await PeopleAsync(identity.Users.Where(u => u.UserName == starter), ct) : [];

        var permissions = definition?.From(data.State).Select(t => t.Permission).ToHashSet(StringComparer.Ordinal) ?? [];
        var roles = modules.Find(instance.ModuleId)?.Permissions.Where(p => permissions.Contains(p.Name)).SelectMany(p => p.Roles ?? []).Distinct().ToList() ?? [];
        var chain = Regions.RegionDirectory.Ancestry(await state.GetAsync(ct), instance.RegionCode).Select(r => r.Code).ToList();
        var org = instance.OrganisationId;
        var holders = identity.Grants
            .Where(g => roles.Contains(g.Role) && ((g.RegionCode != null && chain.Contains(g.RegionCode)) || (org != null && g.OrganisationId == org)))
            .Select(g => g.UserId);
        var people = (await PeopleAsync(identity.Users.Where(u => holders.Contains(u.Id)), ct)).Where(p => p.UserName != data.Actor).ToList();
        if (people.Count > 0) return people;
        var admins = identity.Grants.Where(g => g.Role == PlatformRoles.PlatformAdmin).Select(g => g.UserId);
        return (await PeopleAsync(identity.Users.Where(u => admins.Contains(u.Id)), ct)).Where(p => p.UserName != data.Actor).ToList();
    }

    /// <summary>The region's name, or null.</summary>
    public async Task<string?> RegionNameAsync(string code, CancellationToken ct) => (await state.GetAsync(ct)).ByCode.GetValueOrDefault(code)?.Name;

    private static async Task<IReadOnlyList<Recipient>> PeopleAsync(IQueryable<PlatformUser> users, CancellationToken ct) =>
        await users.OrderBy(u => u.UserName)
            .Select(u => new Recipient(u.Id, u.UserName ?? u.Id, u.DisplayName == "" ? u.UserName ?? u.Id : u.DisplayName, u.Email))
            .ToListAsync(ct);
}
