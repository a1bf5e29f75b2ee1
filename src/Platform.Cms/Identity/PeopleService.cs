using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Auditing;
using Platform.Core.Regions;
using Platform.Core.Text;

namespace Platform.Cms.Identity;

public sealed record GrantInput(string Role, string? RegionCode = null, string? OrganisationId = null, string? InstitutionId = null, string? VeteranId = null);

/// <summary>What became of mailing a reset link: no mail server, no address, handed to the server, or refused.</summary>
public enum ResetLinkMail { NotConfigured, NoEmail, Sent, Failed }

/// <summary>A one-time reset link (absolute) as the administrator sees it, and whether it was also mailed to <paramref name="Email"/>.</summary>
public sealed record IssuedResetLink(string Link, string? Email, ResetLinkMail Mail);

/// <summary>One person as an administrator sees them: <paramref name="Visible"/> within their scope, <paramref name="Manageable"/> when every grant is.</summary>
public sealed record PersonView(PlatformUser User, IReadOnlyList<AccessGrant> Grants, bool Locked, bool Visible, bool Manageable);

/// <summary>People and their scoped grants: create, grant, lock, unlock, reset; every change audited.</summary>
public sealed partial class PeopleService(
    UserManager<PlatformUser> users, IdentityStoreContext db, IRegionDirectory regions, IAuditLog audit,
    IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations, IAccessScope access, IMailSender mail)
{
    public Task<bool> AnyAsync(CancellationToken ct = default) => db.Users.AnyAsync(ct);

    public Task<PlatformUser> CreateAsync(
        string userName, string displayName, string? password, IReadOnlyList<GrantInput> grants, string actor, CancellationToken ct = default) =>
        CreateAsync(userName, displayName, null, password, grants, actor, ct);

    /// <summary>Creates a person, with an optional email address (checked; used to mail reset links).</summary>
    public async Task<PlatformUser> CreateAsync(
        string userName, string displayName, string? email, string? password, IReadOnlyList<GrantInput> grants, string actor, CancellationToken ct = default)
    {
        email = CleanEmail(email);
        foreach (var grant in grants) await ValidateAsync(grant, ct);
        var user = new PlatformUser
        {
            UserName = (userName ?? "").Trim(),
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? (userName ?? "").Trim() : displayName.Trim(),
            Email = email,
            CreatedAt = DateTime.UtcNow,
        };
        var result = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        ThrowIfFailed(result);
        foreach (var grant in grants) db.Grants.Add(ToRow(user.Id, grant, actor));
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(new AuditEntry("person.create", actor, grants.FirstOrDefault(g => g.RegionCode is not null)?.RegionCode, null,
            null, $"{user.UserName}：{string.Join("；", grants.Select(Describe))}"), ct);
        return user;
    }

    public async Task<IReadOnlyList<GrantClaim>> GrantsAsync(string userId, CancellationToken ct = default) =>
        (await db.Grants.AsNoTracking().Where(g => g.UserId == userId).OrderBy(g => g.Id).ToListAsync(ct))
        .Select(g => new GrantClaim(g.Role, g.RegionCode, g.OrganisationId, g.InstitutionId, g.VeteranId))
        .ToList();

    /// <summary>The claims a signed-in person carries: subject, names and grants.</summary>
    public Task<ClaimsIdentity> ClaimsAsync(PlatformUser user, string authenticationType, CancellationToken ct = default) =>
        ClaimsAsync(user, authenticationType, null, ct);

    /// <summary>
    /// The claims a person's token carries when obtained through a client: only the grants the client's binding admits
    /// (all of them through the platform's own admin client, whose <paramref name="binding"/> is null).
    /// </summary>
    public async Task<ClaimsIdentity> ClaimsAsync(
        PlatformUser user, string authenticationType, ClientBinding? binding, CancellationToken ct = default)
    {
        var identity = new ClaimsIdentity(authenticationType, OpenIddictConstants.Claims.Name, OpenIddictConstants.Claims.Role);
        identity.AddClaim(new Claim(OpenIddictConstants.Claims.Subject, user.Id));
        identity.AddClaim(new Claim(OpenIddictConstants.Claims.Name, user.UserName ?? user.Id));
        identity.AddClaim(new Claim("display_name", user.DisplayName));
        foreach (var grant in await GrantsAsync(user.Id, binding, ct))
            identity.AddClaim(new Claim(GrantClaim.ClaimType, grant.Format()));
        return identity;
    }

    /// <summary>The person's grants as a token obtained through a client with <paramref name="binding"/> may carry them.</summary>
    public async Task<IReadOnlyList<GrantClaim>> GrantsAsync(string userId, ClientBinding? binding, CancellationToken ct = default)
    {
        var grants = await GrantsAsync(userId, ct);
        return binding is null ? grants : [.. binding.Admit(grants)];
    }

    /// <summary>Whether the person must sign in with a second factor (platform and bureau administrators).</summary>
    public async Task<bool> RequiresTwoFactorAsync(PlatformUser user, CancellationToken ct = default) =>
        (await GrantsAsync(user.Id, ct)).Any(g => PlatformRoles.RequireTwoFactor.Contains(g.Role));

    /// <summary>Locks the account and ends every session and refresh token it has.</summary>
    public async Task LockAsync(PlatformUser user, string actor, CancellationToken ct = default)
    {
        await users.SetLockoutEnabledAsync(user, true);
        ThrowIfFailed(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
        await EndSessionsAsync(user, ct);
        await audit.WriteAsync(new AuditEntry("person.lock", actor, null, null, "正常", $"{user.UserName} 已锁定"), ct);
    }

    public async Task UnlockAsync(PlatformUser user, string actor, CancellationToken ct = default)
    {
        ThrowIfFailed(await users.SetLockoutEndDateAsync(user, null));
        await users.ResetAccessFailedCountAsync(user);
        await audit.WriteAsync(new AuditEntry("person.unlock", actor, null, null, "已锁定", $"{user.UserName} 已解锁"), ct);
    }

    /// <summary>Changes the password and ends every other session and refresh token.</summary>
    public async Task ChangePasswordAsync(PlatformUser user, string current, string next, CancellationToken ct = default)
    {
        ThrowIfFailed(await users.ChangePasswordAsync(user, current, next));
        await EndSessionsAsync(user, ct);
        await audit.WriteAsync(new AuditEntry("person.password-change", user.UserName ?? user.Id, null, null, null, null), ct);
    }

    /// <summary>A one-time reset link for the person, shown to the administrator who made it.</summary>
    public async Task<string> CreateResetLinkAsync(PlatformUser user, string actor, CancellationToken ct = default)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        await audit.WriteAsync(new AuditEntry("person.reset-link", actor, null, null, null, user.UserName), ct);
        return $"/account/reset?user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}";
    }

    /// <summary>
    /// Mails an (absolute) reset link to the person when a mail server is configured and they have an address.
    /// The link is never logged; a failure is logged by the sender and reported in the result.
    /// </summary>
    public async Task<ResetLinkMail> MailResetLinkAsync(PlatformUser user, string link, ClaimsPrincipal issuer, bool invitation, CancellationToken ct = default)
    {
        if (!mail.Configured) return ResetLinkMail.NotConfigured;
        if (string.IsNullOrWhiteSpace(user.Email)) return ResetLinkMail.NoEmail;
        var issuerName = issuer.FindFirst("display_name")?.Value is { Length: > 0 } display && display != Actor(issuer)
            ? $"{display}（{Actor(issuer)}）" : Actor(issuer);
        var subject = invitation ? "军休服务平台：设置登录密码" : "军休服务平台：重设密码";
        var body = new System.Text.StringBuilder()
            .Append(user.DisplayName).Append("，您好：\r\n\r\n")
            .Append(invitation
                ? $"管理员 {issuerName} 为您开通了军休服务平台账号（用户名：{user.UserName}）。请打开下面的链接设置登录密码：\r\n\r\n"
                : $"管理员 {issuerName} 为您的军休服务平台账号（用户名：{user.UserName}）生成了重设密码链接。请打开下面的链接设置新密码：\r\n\r\n")
            .Append(link).Append("\r\n\r\n")
            .Append("该链接只能使用一次，24 小时内有效；使用后或账号被锁定后即失效。设置后，您在其他设备上的登录会全部退出。\r\n")
            .Append("如果您并未请求设置或重设密码，请不要打开该链接，并告知您所在单位的管理员。\r\n\r\n")
            .Append("军休服务平台（本邮件由系统自动发送，请勿直接回复）\r\n")
            .ToString();
        return await mail.SendAsync(user.Email, subject, body, ct) ? ResetLinkMail.Sent : ResetLinkMail.Failed;
    }

    public async Task EndSessionsAsync(PlatformUser user, CancellationToken ct)
    {
        await users.UpdateSecurityStampAsync(user);
        await tokens.RevokeBySubjectAsync(user.Id, ct);
        await authorizations.RevokeBySubjectAsync(user.Id, ct);
    }

    private static string? CleanEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return null;
        var e = email.Trim();
        var at = e.LastIndexOf('@');
        var plain = e.Length <= 254 && at > 0 && at < e.Length - 1 && e.IndexOf('@', StringComparison.Ordinal) == at
                    && !e.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '(' or ')' or ',' or ';' or '"')
                    && System.Net.Mail.MailAddress.TryCreate(e, out var parsed) && parsed.Address == e && parsed.Host.Contains('.', StringComparison.Ordinal);
        return plain ? e : throw PlatformException.Invalid($"电子邮箱“{e}”格式不正确，请检查后重新填写（不需要邮件通知可以留空）。",
            $"'{e}' is not a valid email address.");
    }

    private static GrantInput Normalise(GrantInput g)
    {
        static string? Clean(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
        return new GrantInput((g.Role ?? "").Trim(), Clean(g.RegionCode), Clean(g.OrganisationId), Clean(g.InstitutionId), Clean(g.VeteranId));
    }

    private async Task ValidateAsync(GrantInput grant, CancellationToken ct)
    {
        if (!PlatformRoles.All.Contains(grant.Role))
            throw PlatformException.Invalid($"角色“{grant.Role}”不存在。", $"Unknown role '{grant.Role}'.");
        if (grant.RegionCode is not null && await regions.FindAsync(grant.RegionCode, ct) is null)
            throw Regions.RegionErrors.NotFound(grant.RegionCode);
        var needsRegion = grant.Role is PlatformRoles.BureauAdmin or PlatformRoles.LiaisonOfficer;
        var needsOrganisation = grant.Role is PlatformRoles.ProviderAdmin or PlatformRoles.ProviderStaff or PlatformRoles.ProviderSystem;
        if (needsRegion && grant.RegionCode is null)
            throw PlatformException.Invalid("该角色须指定所管辖的行政区划。", "This role needs a region.");
        if (needsOrganisation && string.IsNullOrWhiteSpace(grant.OrganisationId))
            throw PlatformException.Invalid("该角色须指定所属服务机构。", "This role needs an organisation.");
        if (grant.Role == PlatformRoles.Veteran && string.IsNullOrWhiteSpace(grant.VeteranId))
            throw PlatformException.Invalid("军休干部角色须指定本人档案。", "The veteran role needs a veteran record.");
    }

    private static AccessGrant ToRow(string userId, GrantInput g, string actor) => new()
    {
        UserId = userId, Role = g.Role, RegionCode = g.RegionCode, OrganisationId = g.OrganisationId,
        InstitutionId = g.InstitutionId, VeteranId = g.VeteranId, GrantedBy = actor, GrantedAt = DateTime.UtcNow,
    };

    private static string Describe(GrantInput g) =>
        string.Join(" ", new[] { g.Role, g.RegionCode, g.OrganisationId, g.InstitutionId, g.VeteranId }.Where(p => p is not null));

    private static void ThrowIfFailed(IdentityResult result)
    {
        if (!result.Succeeded)
            throw PlatformException.Invalid(
                string.Join(" ", result.Errors.Select(e => e.Description)),
                string.Join(" ", result.Errors.Select(e => e.Code)));
    }
}
