using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Auditing;
using Platform.Core.Regions;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features.Contacts;
using Platform.Modules.Veterans.Features.Registry;

namespace Platform.Modules.Veterans.Features.Officers;

/// <summary>Liaison officers, the households assigned to each, and what is due for them.</summary>
public sealed class Officers(VeteransDbContext db, VeteranAccess access, IRegionDirectory regions, IAuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<Officer>> ListAsync(ClaimsPrincipal user, string regionCode, CancellationToken ct = default)
    {
        var subtree = await access.SubtreeAsync(user, regionCode, ct);
        var ancestry = (await regions.AncestryAsync(regionCode, ct)).Select(r => r.Code).ToList();
        // Officers of the region, of the regions below it, and of the regions above it (a city officer covers a county).
        return await db.Officers.AsNoTracking().Where(o => subtree.Contains(o.RegionCode) || ancestry.Contains(o.RegionCode))
            .OrderBy(o => o.RegionCode).ThenBy(o => o.UserName).ToListAsync(ct);
    }

    /// <summary>Makes a platform person an officer of a region the caller administers.</summary>
    public async Task RegisterAsync(ClaimsPrincipal user, string userName, string displayName, string regionCode, CancellationToken ct = default)
    {
        await access.EnsureAsync(user, VeteranPermissions.Assign, regionCode, ct);
        userName = userName.Trim();
        if (userName.Length is 0 or > 100 || string.IsNullOrWhiteSpace(displayName))
            throw PlatformException.Invalid("请填写联络员的登录名和姓名。", "Enter the officer's user name and name.");
        var existing = await db.Officers.FirstOrDefaultAsync(o => o.UserName == userName, ct);
        if (existing is not null)
        {
            await access.EnsureAsync(user, VeteranPermissions.Assign, existing.RegionCode, ct);
            existing.DisplayName = displayName.Trim();
            existing.RegionCode = regionCode;
        }
        else
        {
            db.Officers.Add(new Officer { UserName = userName, DisplayName = displayName.Trim(), RegionCode = regionCode, CreatedAt = clock.GetUtcNow().UtcDateTime });
        }
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(new AuditEntry("veterans.officer-register", VeteranRegistry.Actor(user), regionCode, VeteranAccess.ModuleId, null, userName), ct);
    }

    /// <summary>A liaison officer opening their home page is known to the registry from then on (their grant's region).</summary>
    public async Task EnsureSelfAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var name = user.Identity?.Name;
        var grant = GrantClaim.Of(user).FirstOrDefault(g => g.Role == PlatformRoles.LiaisonOfficer && g.RegionCode is not null);
        if (name is null || grant is null || await db.Officers.AnyAsync(o => o.UserName == name, ct)) return;
        db.Officers.Add(new Officer
        {
            UserName = name, DisplayName = user.FindFirst("display_name")?.Value ?? name, RegionCode = grant.RegionCode!, CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // registered by a parallel request
        }
    }

    /// <summary>Assigns (or reassigns) households to one officer, all or none.</summary>
    public async Task<int> AssignAsync(ClaimsPrincipal user, IReadOnlyCollection<long> veteranIds, string officerUserName, CancellationToken ct = default)
    {
        if (veteranIds.Count == 0) throw PlatformException.Invalid("请至少勾选一户。", "Select at least one household.");
        var officer = await db.Officers.AsNoTracking().FirstOrDefaultAsync(o => o.UserName == officerUserName, ct)
                      ?? throw PlatformException.Invalid($"联络员“{officerUserName}”尚未登记，请先登记联络员。", $"Officer '{officerUserName}' is not registered.");
        var officerRegion = await regions.FindAsync(officer.RegionCode, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var id in veteranIds.Distinct())
        {
            var veteran = await access.VisibleToStaffAsync(user, id, VeteranPermissions.Assign, ct);
            var home = await regions.FindAsync(veteran.RegionCode, ct);
            if (officerRegion is null || home is null || !officerRegion.Contains(home))
                throw PlatformException.Invalid($"{veteran.Name}（{veteran.RegionCode}）不在联络员 {officer.DisplayName} 负责的地区（{officer.RegionCode}），未做任何调整。",
                    $"{veteran.Name} lives outside officer {officer.UserName}'s region; nothing was changed.");
            var assignment = await db.Assignments.FirstOrDefaultAsync(a => a.VeteranId == id, ct);
            if (assignment is null)
                db.Assignments.Add(new Assignment { VeteranId = id, OfficerUserName = officer.UserName, AssignedAt = now, AssignedBy = VeteranRegistry.Actor(user) });
            else
            {
                assignment.OfficerUserName = officer.UserName;
                assignment.AssignedAt = now;
                assignment.AssignedBy = VeteranRegistry.Actor(user);
            }
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        // After the commit: the audit log is another connection, and SQLite lets one writer at a time.
        await audit.WriteAsync(new AuditEntry("veterans.assign", VeteranRegistry.Actor(user), officer.RegionCode, VeteranAccess.ModuleId, null,
            $"{officer.UserName} ← {veteranIds.Count} 户: {string.Join(",", veteranIds.Take(50))}"), ct);
        return veteranIds.Count;
    }

    /// <summary>What is due for an officer's households (the caller must see the officer's region).</summary>
    public async Task<IReadOnlyList<DueItem>> DueAsync(ClaimsPrincipal user, string officerUserName, CancellationToken ct = default)
    {
        var officer = await db.Officers.AsNoTracking().FirstOrDefaultAsync(o => o.UserName == officerUserName, ct);
        if (officer is null) return [];
        if (officerUserName != user.Identity?.Name) await access.EnsureAsync(user, VeteranPermissions.Read, officer.RegionCode, ct);
        var visible = await access.SubtreeAsync(user, officer.RegionCode, ct);
        var today = ChinaClock.Today(clock);
        var households = await db.Assignments.AsNoTracking()
            .Where(a => a.OfficerUserName == officerUserName)
            .Join(db.Veterans, a => a.VeteranId, v => v.Id, (a, v) => v)
            .Where(v => v.DeceasedDate == null && visible.Contains(v.RegionCode))
            .Select(v => new { v.Id, v.Name, v.KeyGroups, v.BirthDate, Last = db.ContactLog.Where(c => c.VeteranId == v.Id).Max(c => (DateOnly?)c.Date) })
            .ToListAsync(ct);
        var ids = households.Select(h => h.Id).ToList();
        var open = (await db.ContactLog.AsNoTracking().Where(c => ids.Contains(c.VeteranId) && c.FollowUpState == FollowUpState.Open)
                .Select(c => new { c.VeteranId, c.Id, c.Date, c.FollowUp }).ToListAsync(ct))
            .ToLookup(c => c.VeteranId);
        return DueList.Compute(today, households.Select(h => new DueHousehold(h.Id, h.Name, h.KeyGroups, h.BirthDate, h.Last,
            open[h.Id].Select(o => (o.Id, o.Date, o.FollowUp ?? "")).ToList())));
    }
}
