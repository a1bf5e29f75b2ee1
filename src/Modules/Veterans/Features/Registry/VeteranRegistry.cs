using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Auditing;
using Platform.Modules.Veterans.Contracts;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Sensitive;

namespace Platform.Modules.Veterans.Features.Registry;

public sealed record VeteranRow(long Id, string Name, Sex Sex, DateOnly BirthDate, string RegionCode, VeteranKind Kind, RankBand RankBand,
    KeyGroups KeyGroups, DateOnly? DeceasedDate, string? Officer);

/// <summary>A record as one caller may see it: without sensitive fields unless <see cref="Sensitive"/>.</summary>
public sealed record VeteranDetail(Veteran Record, bool Sensitive, string? HealthNotes, IReadOnlyList<HouseholdContact> Household,
    string? Officer, Institution? Institution, IReadOnlyList<ContactEntry> Log);

public sealed record RegistryFilter(string RegionCode, KeyGroups AnyOf = KeyGroups.None, string? Name = null, bool IncludeDeceased = false,
    VeteranKind? Kind = null);

/// <summary>Registers, changes and shows veterans, each through the caller's scope.</summary>
public sealed class VeteranRegistry(
    VeteransDbContext db, VeteranAccess access, HealthNoteCipher cipher, SensitiveAccessLog accessLog, IAuditLog audit, LifeEvents lifeEvents, TimeProvider clock)
{
    /// <param name="homes">Only these rest homes' households (and those assigned to <paramref name="officer"/>); null: no such limit.</param>
    public IQueryable<Veteran> Filter(IReadOnlyList<string> regions, RegistryFilter filter, IReadOnlySet<long>? homes = null, string? officer = null)
    {
        var query = db.Veterans.AsNoTracking().Where(v => regions.Contains(v.RegionCode));
        if (homes is not null)
        {
            var ids = homes.ToList();
            query = query.Where(v => (v.InstitutionId != null && ids.Contains(v.InstitutionId.Value))
                                     || db.Assignments.Any(a => a.VeteranId == v.Id && a.OfficerUserName == officer));
        }
        if (filter.AnyOf != KeyGroups.None) query = query.Where(v => (v.KeyGroups & filter.AnyOf) != 0);
        if (!filter.IncludeDeceased) query = query.Where(v => v.DeceasedDate == null);
        if (filter.Kind is { } kind) query = query.Where(v => v.Kind == kind);
        if (!string.IsNullOrWhiteSpace(filter.Name)) query = query.Where(v => v.Name.Contains(filter.Name.Trim()));
        return query;
    }

    public async Task<(IReadOnlyList<VeteranRow> Rows, int Total)> ListAsync(ClaimsPrincipal user, RegistryFilter filter, int skip, int take, CancellationToken ct = default)
    {
        var regions = await access.SubtreeAsync(user, filter.RegionCode, ct);
        await access.EnsureAsync(user, VeteranPermissions.Read, filter.RegionCode, ct);
        var query = Filter(regions, filter, await access.InstitutionLimitAsync(user, filter.RegionCode, ct), user.Identity?.Name);
        var total = await query.CountAsync(ct);
        var rows = await query
            // Key groups first, then by name: the people who need attention most are at the top.
            .OrderByDescending(v => v.KeyGroups != KeyGroups.None).ThenBy(v => v.RegionCode).ThenBy(v => v.Id)
            .Skip(skip).Take(take)
            .Select(v => new VeteranRow(v.Id, v.Name, v.Sex, v.BirthDate, v.RegionCode, v.Kind, v.RankBand, v.KeyGroups, v.DeceasedDate,
                db.Assignments.Where(a => a.VeteranId == v.Id).Select(a => a.OfficerUserName).FirstOrDefault()))
            .ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>The record; sensitive fields only for those who need them, and every such view is logged.</summary>
    public async Task<VeteranDetail> DetailAsync(ClaimsPrincipal user, long id, string channel, CancellationToken ct = default)
    {
        var veteran = await access.VisibleAsync(user, id, ct);
        var self = Platform.Core.Access.GrantClaim.Of(user).Any(g => g.Role == Platform.Core.Access.PlatformRoles.Veteran && g.VeteranId == VeteranAccess.Key(id));
        if (!self) await access.EnsureAsync(user, VeteranPermissions.Read, veteran.RegionCode, ct);
        var sensitive = await access.MaySeeSensitiveAsync(user, veteran, ct);
        var household = await db.Contacts.AsNoTracking().Where(c => c.VeteranId == id).OrderBy(c => c.Id).ToListAsync(ct);
        var officer = await db.Assignments.Where(a => a.VeteranId == id).Select(a => a.OfficerUserName).FirstOrDefaultAsync(ct);
        var institution = veteran.InstitutionId is { } iid ? await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Id == iid, ct) : null;
        var log = await db.ContactLog.AsNoTracking().Where(c => c.VeteranId == id).OrderByDescending(c => c.Date).ThenByDescending(c => c.Id).Take(50).ToListAsync(ct);
        string? notes = null;
        if (sensitive)
        {
            notes = cipher.Decrypt(veteran.HealthNotes);
            await accessLog.WriteAsync(Actor(user), id, SensitiveFields.All, channel, ct);
        }
        else
        {
            veteran.Address = Mask.Address(veteran.Address);
            veteran.Phone = Mask.Phone(veteran.Phone);
            veteran.Phone2 = Mask.Phone(veteran.Phone2);
            veteran.IdNumber = Mask.IdNumber(veteran.IdNumber);
            veteran.HealthNotes = null;
            foreach (var c in household) c.Phone = Mask.Phone(c.Phone);
        }
        return new VeteranDetail(veteran, sensitive, notes, household, officer, institution, log);
    }

    public async Task<long> CreateAsync(ClaimsPrincipal user, VeteranValues values, CancellationToken ct = default)
    {
        await access.EnsureAsync(user, VeteranPermissions.Write, values.RegionCode, ct);
        await EnsureUniqueAsync(values.IdNumber, null, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var veteran = new Veteran { Name = values.Name, RegionCode = values.RegionCode, UpdatedBy = Actor(user), CreatedAt = now, UpdatedAt = now, Revision = 1 };
        values.ApplyTo(veteran, cipher);
        db.Veterans.Add(veteran);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(new AuditEntry("veterans.create", Actor(user), values.RegionCode, VeteranAccess.ModuleId, null, $"#{veteran.Id} {values.Name}"), ct);
        return veteran.Id;
    }

    /// <summary>Changes a record; a form opened before someone else saved is refused with who saved it.</summary>
    public async Task UpdateAsync(ClaimsPrincipal user, long id, int revision, VeteranValues values, CancellationToken ct = default)
    {
        var current = await access.VisibleToStaffAsync(user, id, VeteranPermissions.Write, ct);
        if (values.RegionCode != current.RegionCode) await access.EnsureAsync(user, VeteranPermissions.Write, values.RegionCode, ct);
        if (current.Revision != revision)
            throw PlatformException.Conflict($"该档案已被 {current.UpdatedBy} 于 {current.UpdatedAt + ChinaClock.Offset:yyyy-MM-dd HH:mm} 修改，请刷新后再改。您填写的内容仍在下方。",
                $"{current.UpdatedBy} changed this record at {current.UpdatedAt:yyyy-MM-dd HH:mm} UTC; reload and try again.");
        await EnsureUniqueAsync(values.IdNumber, id, ct);
        var veteran = await db.Veterans.FirstAsync(v => v.Id == id, ct);
        var wasAlive = veteran.DeceasedDate is null;
        values.ApplyTo(veteran, cipher);
        veteran.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        veteran.UpdatedBy = Actor(user);
        veteran.Revision = revision + 1;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw PlatformException.Conflict("该档案刚被别人修改，请刷新后再改。", "Someone changed this record just now; reload and try again.");
        }
        await audit.WriteAsync(new AuditEntry("veterans.update", Actor(user), values.RegionCode, VeteranAccess.ModuleId, $"#{id} r{revision}", $"#{id} r{revision + 1}"), ct);
        if (wasAlive && veteran.DeceasedDate is { } died)
            await lifeEvents.PublishAsync(new VeteranLifeEvent(id, LifeEventKind.Deceased, died), ct);
    }

    public async Task AddHouseholdAsync(ClaimsPrincipal user, long id, string? relation, string? name, string? phone, CancellationToken ct = default)
    {
        var veteran = await access.VisibleToStaffAsync(user, id, VeteranPermissions.Write, ct);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(relation)) errors.Add("请填写与本人的关系（如 配偶、儿子、女儿）。");
        if (string.IsNullOrWhiteSpace(name)) errors.Add("请填写家属姓名。");
        var digits = phone is null ? null : new string(phone.Where(char.IsDigit).ToArray());
        if (!string.IsNullOrWhiteSpace(phone) && digits is not { Length: >= 7 and <= 12 }) errors.Add("家属电话格式不对：手机 11 位，座机可带区号。");
        if (errors.Count > 0) throw PlatformException.Invalid(string.Join(" ", errors), "Check the household member's fields.");
        db.Contacts.Add(new HouseholdContact { VeteranId = id, Relation = relation!.Trim(), Name = name!.Trim(), Phone = string.IsNullOrEmpty(digits) ? null : digits });
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(new AuditEntry("veterans.household-add", Actor(user), veteran.RegionCode, VeteranAccess.ModuleId, null, $"#{id} {relation}"), ct);
    }

    private async Task EnsureUniqueAsync(string? idNumber, long? except, CancellationToken ct)
    {
        if (idNumber is null) return;
        if (await db.Veterans.AnyAsync(v => v.IdNumber == idNumber && v.Id != (except ?? 0), ct))
            throw PlatformException.Conflict("该身份证号已登记在另一份档案中，请核对，不要重复登记。", "This ID number is already registered.");
    }

    public static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
}

/// <summary>What people without the right see in place of a sensitive value.</summary>
public static class Mask
{
    public static string? Phone(string? phone) =>
        phone is null ? null : phone.Length >= 11 ? phone[..3] + "****" + phone[^4..] : "****" + phone[^2..];

    public static string? Address(string? address) => address is null ? null : "（已隐藏）";

    public static string? IdNumber(string? id) => id is null ? null : id[..6] + "********" + id[^4..];
}
