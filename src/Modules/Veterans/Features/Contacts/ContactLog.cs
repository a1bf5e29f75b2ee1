using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Modules.Veterans.Contracts;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features.Registry;

namespace Platform.Modules.Veterans.Features.Contacts;

/// <summary>Monthly contacts and event visits, and the follow-ups they leave open.</summary>
public sealed class ContactLog(VeteransDbContext db, VeteranAccess access, LifeEvents lifeEvents, TimeProvider clock)
{
    public async Task<long> AddAsync(ClaimsPrincipal user, long veteranId, DateOnly date, ContactKind kind, string? notes, string? followUp, CancellationToken ct = default)
    {
        var veteran = await access.VisibleToStaffAsync(user, veteranId, VeteranPermissions.Contact, ct);
        if (date > ChinaClock.Today(clock))
            throw PlatformException.Invalid("联系日期不能晚于今天，请核对日期。", "The contact date cannot be in the future.");
        if (veteran.DeceasedDate is { } died && date > died && kind != ContactKind.Bereavement)
            throw PlatformException.Invalid("本人已去世，去世之后的记录请选择“丧事慰问”。", "After death, record a bereavement visit.");
        if (notes is { Length: > 2000 } || followUp is { Length: > 500 })
            throw PlatformException.Invalid("情况记录不超过 2000 字，跟进事项不超过 500 字。", "Notes up to 2,000 characters, follow-up up to 500.");
        var entry = new ContactEntry
        {
            VeteranId = veteranId, Date = date, Kind = kind, OfficerUserName = VeteranRegistry.Actor(user),
            Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim(),
            FollowUp = string.IsNullOrWhiteSpace(followUp) ? null : followUp.Trim(),
            FollowUpState = string.IsNullOrWhiteSpace(followUp) ? FollowUpState.None : FollowUpState.Open,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ContactLog.Add(entry);
        await db.SaveChangesAsync(ct);
        if (kind == ContactKind.Hospital && entry.FollowUpState == FollowUpState.Open && veteran.DeceasedDate is null)
            await lifeEvents.PublishAsync(new VeteranLifeEvent(veteranId, LifeEventKind.Hospitalised, date), ct);
        return entry.Id;
    }

    public async Task CloseFollowUpAsync(ClaimsPrincipal user, long entryId, CancellationToken ct = default)
    {
        var entry = await db.ContactLog.FirstOrDefaultAsync(e => e.Id == entryId, ct)
                    ?? throw PlatformException.NotFound("未找到这条联系记录。", "Contact entry not found.");
        await access.VisibleToStaffAsync(user, entry.VeteranId, VeteranPermissions.Contact, ct);
        if (entry.FollowUpState != FollowUpState.Open)
            throw PlatformException.Conflict("这项跟进已经办结，无需再次办结。", "This follow-up is already closed.");
        entry.FollowUpState = FollowUpState.Closed;
        entry.FollowUpClosedAt = clock.GetUtcNow().UtcDateTime;
        entry.FollowUpClosedBy = VeteranRegistry.Actor(user);
        await db.SaveChangesAsync(ct);
    }
}
