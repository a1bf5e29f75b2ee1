using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Auditing;
using Platform.Core.Text;

namespace Platform.Cms.Identity;

/// <summary>The people pages' side of <see cref="PeopleService"/>: every operation checked against the caller's scope.</summary>
public sealed partial class PeopleService
{
    private static readonly string[] RegionRoles = [PlatformRoles.BureauAdmin, PlatformRoles.LiaisonOfficer];

    /// <summary>Platform administrators manage everyone; bureau administrators the people of their region subtree.</summary>
    public static bool MayAdminister(ClaimsPrincipal caller) =>
        GrantClaim.Of(caller).Any(g => g.Role is PlatformRoles.PlatformAdmin or PlatformRoles.BureauAdmin);

    /// <summary>The role's name for people.</summary>
    public static string RoleName(string role) => role switch
    {
        PlatformRoles.PlatformAdmin => Bilingual.T("平台管理员", "Platform administrator"),
        PlatformRoles.BureauAdmin => Bilingual.T("退役军人事务部门管理员", "Bureau administrator"),
        PlatformRoles.LiaisonOfficer => Bilingual.T("联络员", "Liaison officer"),
        PlatformRoles.ProviderAdmin => Bilingual.T("服务机构管理员", "Provider administrator"),
        PlatformRoles.ProviderStaff => Bilingual.T("服务机构工作人员", "Provider staff"),
        PlatformRoles.Veteran => Bilingual.T("军休干部或家属", "Veteran or family"),
        PlatformRoles.ProviderSystem => Bilingual.T("服务机构业务系统", "Provider system"),
        _ => role,
    };

    /// <summary>Everyone for a platform administrator; for a bureau administrator, those holding a regional grant in their subtree.</summary>
    public async Task<IReadOnlyList<PersonView>> ListAsync(ClaimsPrincipal caller, string? search = null, CancellationToken ct = default)
    {
        EnsureAdministrator(caller);
        var query = db.Users.AsNoTracking();
        if (!GrantClaim.IsPlatformAdmin(caller))
        {
            var codes = await db.Grants.Where(g => RegionRoles.Contains(g.Role) && g.RegionCode != null).Select(g => g.RegionCode).Distinct().ToListAsync(ct);
            var mine = (await MineAsync(caller, codes, ct)).ToList();
            var inScope = db.Grants.Where(g => RegionRoles.Contains(g.Role) && mine.Contains(g.RegionCode!)).Select(g => g.UserId);
            query = query.Where(u => inScope.Contains(u.Id));
        }
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            query = query.Where(u => u.UserName!.Contains(s) || u.DisplayName.Contains(s));
        }
        var people = await query.OrderBy(u => u.UserName).Take(500).ToListAsync(ct);
        var ids = people.Select(p => p.Id).ToList();
        var grants = (await db.Grants.AsNoTracking().Where(g => ids.Contains(g.UserId)).OrderBy(g => g.Id).ToListAsync(ct)).ToLookup(g => g.UserId);
        var list = new List<PersonView>();
        foreach (var person in people) list.Add(await ViewAsync(caller, person, [.. grants[person.Id]], ct));
        return list;
    }

    /// <summary>One person; 404 when there is none or they are outside the caller's scope (the two are not told apart).</summary>
    public async Task<PersonView> FindAsync(ClaimsPrincipal caller, string userId, CancellationToken ct = default)
    {
        EnsureAdministrator(caller);
        var user = await users.FindByIdAsync(userId);
        var grants = user is null ? [] : await db.Grants.AsNoTracking().Where(g => g.UserId == user.Id).OrderBy(g => g.Id).ToListAsync(ct);
        var view = user is null ? null : await ViewAsync(caller, user, grants, ct);
        return view is { Visible: true } ? view
            : throw PlatformException.NotFound("未找到该人员，或其不在您的管辖范围内。", "No such person in your scope.");
    }

    /// <summary>Invites a person with one grant; without a password the result carries a one-time reset link to hand over.</summary>
    public async Task<(PlatformUser User, string? ResetLink)> InviteAsync(
        ClaimsPrincipal caller, string userName, string displayName, string? password, GrantInput grant, CancellationToken ct = default)
    {
        var user = await InviteCoreAsync(caller, userName, displayName, null, password, grant, ct);
        return (user, user.PasswordHash is null ? await CreateResetLinkAsync(user, Actor(caller), ct) : null);
    }

    /// <summary>
    /// Invites a person with one grant and an optional email address. Without a password the result carries a one-time
    /// link (made absolute by <paramref name="absolute"/>), also mailed to the person when mail is configured.
    /// </summary>
    public async Task<(PlatformUser User, IssuedResetLink? Reset)> InviteAsync(
        ClaimsPrincipal caller, string userName, string displayName, string? email, string? password, GrantInput grant,
        Func<string, string> absolute, CancellationToken ct = default)
    {
        var user = await InviteCoreAsync(caller, userName, displayName, email, password, grant, ct);
        if (user.PasswordHash is not null) return (user, null);
        var link = absolute(await CreateResetLinkAsync(user, Actor(caller), ct));
        return (user, new IssuedResetLink(link, user.Email, await MailResetLinkAsync(user, link, caller, invitation: true, ct)));
    }

    private async Task<PlatformUser> InviteCoreAsync(
        ClaimsPrincipal caller, string userName, string displayName, string? email, string? password, GrantInput grant, CancellationToken ct)
    {
        EnsureAdministrator(caller);
        if (string.IsNullOrWhiteSpace(userName)) throw PlatformException.Invalid("请填写用户名。", "Enter a user name.");
        grant = Normalise(grant);
        email = CleanEmail(email);
        await ValidateAsync(grant, ct);
        await EnsureMayGrantAsync(caller, grant, ct);
        password = string.IsNullOrEmpty(password) ? null : password;
        return await CreateAsync(userName, displayName, email, password, [grant], Actor(caller), ct);
    }

    public async Task AddGrantAsync(ClaimsPrincipal caller, string userId, GrantInput grant, CancellationToken ct = default)
    {
        var person = await FindAsync(caller, userId, ct);
        grant = Normalise(grant);
        await ValidateAsync(grant, ct);
        await EnsureMayGrantAsync(caller, grant, ct);
        if (person.Grants.Any(g => g.Role == grant.Role && g.RegionCode == grant.RegionCode && g.OrganisationId == grant.OrganisationId
                                   && g.InstitutionId == grant.InstitutionId && g.VeteranId == grant.VeteranId))
            throw PlatformException.Conflict("该人员已有这项权限。", "The person already holds this grant.");
        db.Grants.Add(ToRow(person.User.Id, grant, Actor(caller)));
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(new AuditEntry("person.grant-add", Actor(caller), grant.RegionCode, null, null,
            $"{person.User.UserName}：{Describe(grant)}"), ct);
    }

    /// <summary>Revokes one grant and ends the person's sessions, so the change holds at once.</summary>
    public async Task RemoveGrantAsync(ClaimsPrincipal caller, string userId, long grantId, CancellationToken ct = default)
    {
        var person = await FindAsync(caller, userId, ct);
        var row = person.Grants.FirstOrDefault(g => g.Id == grantId)
            ?? throw PlatformException.NotFound("未找到这项权限，可能已被撤销。", "No such grant; it may have been revoked already.");
        var grant = new GrantInput(row.Role, row.RegionCode, row.OrganisationId, row.InstitutionId, row.VeteranId);
        await EnsureMayGrantAsync(caller, grant, ct);
        if (row.Role == PlatformRoles.PlatformAdmin && await db.Grants.CountAsync(g => g.Role == PlatformRoles.PlatformAdmin, ct) <= 1)
            throw PlatformException.Conflict("这是最后一个平台管理员权限，不能撤销；请先为其他人授予平台管理员。", "This is the last platform administrator grant.");
        await db.Grants.Where(g => g.Id == row.Id).ExecuteDeleteAsync(ct);
        await EndSessionsAsync(person.User, ct);
        await audit.WriteAsync(new AuditEntry("person.grant-remove", Actor(caller), row.RegionCode, null,
            $"{person.User.UserName}：{Describe(grant)}", null), ct);
    }

    public async Task LockAsync(ClaimsPrincipal caller, string userId, CancellationToken ct = default)
    {
        var user = await ManageableAsync(caller, userId, ct);
        if (user.Id == caller.FindFirst(OpenIddictConstants.Claims.Subject)?.Value)
            throw PlatformException.Conflict("不能锁定自己的账号。", "You cannot lock your own account.");
        await LockAsync(user, Actor(caller), ct);
    }

    public async Task UnlockAsync(ClaimsPrincipal caller, string userId, CancellationToken ct = default) =>
        await UnlockAsync(await ManageableAsync(caller, userId, ct), Actor(caller), ct);

    public async Task<string> CreateResetLinkAsync(ClaimsPrincipal caller, string userId, CancellationToken ct = default) =>
        await CreateResetLinkAsync(await ManageableAsync(caller, userId, ct), Actor(caller), ct);

    /// <summary>A one-time reset link made absolute by <paramref name="absolute"/>, also mailed to the person when mail is configured.</summary>
    public async Task<IssuedResetLink> IssueResetLinkAsync(ClaimsPrincipal caller, string userId, Func<string, string> absolute, CancellationToken ct = default)
    {
        var user = await ManageableAsync(caller, userId, ct);
        var link = absolute(await CreateResetLinkAsync(user, Actor(caller), ct));
        return new IssuedResetLink(link, user.Email, await MailResetLinkAsync(user, link, caller, invitation: false, ct));
    }

    /// <summary>
    /// Changes a person's display name (1–100 characters) and email address (optional; blank removes it), for those the
    /// caller may lock or unlock. Scope is checked before the input, and nothing is changed on a refusal. A new address
    /// goes through <see cref="UserManager{TUser}.SetEmailAsync"/>: normalized, unconfirmed, and with a new security
    /// stamp, so reset links issued earlier (perhaps mailed to the old address) stop working and the person's admin
    /// sessions end. The audit entry shows the display name before and after but never an address (personal data).
    /// </summary>
    public async Task UpdateDetailsAsync(ClaimsPrincipal caller, string userId, string displayName, string? email, CancellationToken ct = default)
    {
        var user = await ManageableAsync(caller, userId, ct);
        var name = CleanDisplayName(displayName);
        email = CleanEmail(email);
        var before = user.DisplayName;
        var emailChanged = !string.Equals(email, user.Email, StringComparison.Ordinal);
        if (name == before && !emailChanged) return;

        user.DisplayName = name;
        var result = emailChanged ? await users.SetEmailAsync(user, email) : await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            // The tracked entity already carries the new values; put it back so no later save in this scope stores them.
            await db.Entry(user).ReloadAsync(ct);
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
                throw PlatformException.Conflict("该人员的资料刚被其他人修改过，本次未作任何更改，请刷新页面后重试。",
                    "The person was changed by someone else meanwhile; nothing was changed. Reload and try again.");
            ThrowIfFailed(result);
        }
        await audit.WriteAsync(new AuditEntry("person.update", Actor(caller), null, null,
            $"{user.UserName}：{before}", $"{user.UserName}：{name}{(emailChanged ? "；邮箱已更改" : "")}"), ct);
    }

    /// <summary>A person the caller may lock, unlock, reset or edit: every grant they hold is within the caller's authority.</summary>
    private async Task<PlatformUser> ManageableAsync(ClaimsPrincipal caller, string userId, CancellationToken ct)
    {
        var person = await FindAsync(caller, userId, ct);
        return person.Manageable ? person.User : throw new PlatformException(403,
            "该人员还持有您管辖范围以外的权限，只有平台管理员可以锁定、解锁、为其重设密码或修改其姓名和邮箱，本次未作任何更改。",
            "This person holds grants outside your scope; only a platform administrator may lock, unlock, reset or edit them. Nothing was changed.");
    }

    /// <summary>Trimmed; 1–100 characters (counted as the database counts them), no line breaks or other control characters.</summary>
    private static string CleanDisplayName(string? displayName)
    {
        var name = (displayName ?? "").Trim();
        if (name.Length == 0) throw PlatformException.Invalid("请填写姓名。", "Enter a display name.");
        if (name.EnumerateRunes().Count() > 100)
            throw PlatformException.Invalid("姓名不能超过 100 个字符，本次未作任何更改。", "The display name is longer than 100 characters.");
        if (name.Any(char.IsControl))
            throw PlatformException.Invalid("姓名中不能有换行符等控制字符，本次未作任何更改。", "The display name contains control characters.");
        return name;
    }

    private async Task EnsureMayGrantAsync(ClaimsPrincipal caller, GrantInput grant, CancellationToken ct)
    {
        if (GrantClaim.IsPlatformAdmin(caller)) return;
        if (!RegionRoles.Contains(grant.Role))
            throw new PlatformException(403, $"只有平台管理员可以授予或撤销“{RoleName(grant.Role)}”角色。",
                $"Only platform administrators may grant or revoke the role '{grant.Role}'.");
        if ((await MineAsync(caller, [grant.RegionCode], ct)).Count == 0)
            throw new PlatformException(403, $"行政区划“{grant.RegionCode}”不在您的管辖范围内：您只能授予或撤销本辖区及下级地区的权限，本次未作任何更改。",
                $"Region '{grant.RegionCode}' is outside your scope; nothing was changed.");
    }

    private async Task<PersonView> ViewAsync(ClaimsPrincipal caller, PlatformUser user, List<AccessGrant> grants, CancellationToken ct)
    {
        var locked = user.LockoutEnd > DateTimeOffset.UtcNow;
        if (GrantClaim.IsPlatformAdmin(caller)) return new PersonView(user, grants, locked, true, true);
        var mine = await MineAsync(caller, grants.Select(g => g.RegionCode), ct);
        bool Ours(AccessGrant g) => RegionRoles.Contains(g.Role) && g.RegionCode is not null && mine.Contains(g.RegionCode);
        return new PersonView(user, grants, locked, grants.Any(Ours), grants.Count > 0 && grants.All(Ours));
    }

    /// <summary>The region codes, among those given, that the caller administers (bureau administrator of a covering region).</summary>
    private async Task<HashSet<string>> MineAsync(ClaimsPrincipal caller, IEnumerable<string?> codes, CancellationToken ct)
    {
        var mine = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in codes.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await access.ForRegionAsync(caller, code, write: true, ct) == AccessDecision.Allowed) mine.Add(code);
        }
        return mine;
    }

    private static void EnsureAdministrator(ClaimsPrincipal caller)
    {
        if (!MayAdminister(caller))
            throw new PlatformException(403, "人员与权限由平台管理员和退役军人事务部门管理员管理，您的账号无权使用此功能。如需调整权限，请联系上级管理员。",
                "People and grants are managed by platform and bureau administrators; ask your administrator.");
    }


    private static string Actor(ClaimsPrincipal caller) => caller.Identity?.Name ?? "anonymous";
}
