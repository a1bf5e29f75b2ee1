using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Auditing;
using Platform.Modules.Sanatoriums.Bookings;
using Platform.Modules.Sanatoriums.Data;
using Platform.Modules.Veterans.Contracts;

namespace Platform.Modules.Sanatoriums.Calendars;

/// <summary>
/// A veteran's stays as an iCalendar feed for the family: an unguessable link (only its SHA-256 is stored, so the
/// database never holds a working link); issuing a new one revokes the old.
/// </summary>
public sealed class CalendarFeeds(SanatoriumsDbContext db, IVeteranDirectory veterans, IAccessScope access, IAuditLog audit, TimeProvider clock)
{
    /// <summary>Stays shown to the family: waiting for the sanatorium, confirmed, or under way.</summary>
    public static readonly string[] Shown = [BookingStatus.Requested, BookingStatus.Confirmed, BookingStatus.CheckedIn];

    /// <summary>Issues (or re-issues, revoking the old link) the feed; returns its path <c>/r/{region}/sanatoriums/calendar/{token}.ics</c>.</summary>
    public async Task<string> IssueAsync(ClaimsPrincipal caller, long veteranId, CancellationToken ct = default)
    {
        var veteran = await veterans.FindAsync(veteranId, ct) ?? throw PlatformException.NotFound("未找到该军休干部。", "Veteran not found.");
        var key = veteran.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var decision = await access.ForVeteranAsync(caller, key, veteran.RegionCode, write: false, ct);
        if (decision != AccessDecision.Allowed || GrantClaim.Of(caller).All(g => g.Role is not (PlatformRoles.Veteran or PlatformRoles.LiaisonOfficer
                or PlatformRoles.BureauAdmin or PlatformRoles.PlatformAdmin)))
            AccessScopeExtensions.Throw(decision == AccessDecision.Allowed ? AccessDecision.Forbidden : decision, veteran.Name);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.CalendarFeeds.Where(f => f.VeteranId == veteran.Id).ExecuteDeleteAsync(ct);
        db.CalendarFeeds.Add(new CalendarFeed { VeteranId = veteran.Id, TokenHash = Hash(token), RegionCode = veteran.RegionCode, CreatedAt = now, CreatedBy = BookingService.Actor(caller) });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await audit.WriteAsync(new AuditEntry("sanatorium.calendar-feed", BookingService.Actor(caller), veteran.RegionCode, SanatoriumsModule.Id, null, veteran.Name), ct);
        return $"/r/{veteran.RegionCode}/sanatoriums/calendar/{token}.ics";
    }

    /// <summary>The feed's text, or null for an unknown, revoked or misplaced link.</summary>
    public async Task<string?> RenderAsync(string region, string token, CancellationToken ct = default)
    {
        var hash = Hash(token);
        var feed = await db.CalendarFeeds.AsNoTracking().FirstOrDefaultAsync(f => f.TokenHash == hash, ct);
        if (feed is null || feed.RegionCode != region) return null;
        var stays = await (from b in db.Bookings.AsNoTracking()
                           join t in db.Batches.AsNoTracking() on b.BatchId equals t.Id
                           join s in db.Sanatoriums.AsNoTracking() on t.SanatoriumId equals s.Id
                           where b.VeteranId == feed.VeteranId && Shown.Contains(b.Status)
                           orderby t.StartDate
                           select new BookingView(b, t, s)).ToListAsync(ct);
        var ics = new IcsWriter().Line("BEGIN", "VCALENDAR").Line("VERSION", "2.0").Line("PRODID", "-//Junxiu Platform//Sanatoriums//ZH")
            .Line("CALSCALE", "GREGORIAN").Line("METHOD", "PUBLISH").Text("X-WR-CALNAME", "疗养安排");
        foreach (var (booking, batch, sanatorium) in stays)
        {
            var companion = booking.CompanionName is null ? "" : $"\n同住陪同：{booking.CompanionName}（{booking.CompanionRelation}）";
            ics.Line("BEGIN", "VEVENT").Line("UID", $"sanatorium-booking-{booking.Id}@junxiu-platform")
                .Line("DTSTAMP", IcsWriter.Utc(booking.UpdatedAt))
                .Line("LAST-MODIFIED", IcsWriter.Utc(booking.UpdatedAt))
                // All-day: from the arrival day through the departure day (DTEND is exclusive).
                .Line("DTSTART;VALUE=DATE", IcsWriter.Date(batch.StartDate)).Line("DTEND;VALUE=DATE", IcsWriter.Date(batch.EndDate.AddDays(1)))
                .Text("SUMMARY", $"{booking.VeteranName}疗养：{sanatorium.Name}")
                .Text("LOCATION", sanatorium.Location)
                .Text("DESCRIPTION", $"{batch.Title}，{batch.StartDate:yyyy-MM-dd} 入住，{batch.EndDate:yyyy-MM-dd} 离院，{RoomKinds.NameZh(booking.RoomType)}。"
                    + $"\n状态：{StatusZh(booking.Status)}{companion}\n{ActedAs.Describe(booking)}")
                .Line("STATUS", booking.Status == BookingStatus.Requested ? "TENTATIVE" : "CONFIRMED")
                .Line("TRANSP", "OPAQUE").Line("END", "VEVENT");
        }
        return ics.Line("END", "VCALENDAR").ToString();
    }

    public static string StatusZh(string status) => status switch
    {
        BookingStatus.Requested => "待疗养院确认", BookingStatus.Confirmed => "已确认", BookingStatus.CheckedIn => "已入住",
        BookingStatus.Completed => "已完成", BookingStatus.Cancelled => "已取消", BookingStatus.NoShow => "未到",
        BookingStatus.Waitlisted => "候补中", BookingStatus.Offered => "候补递补待确认", BookingStatus.Lapsed => "候补已失效", _ => status,
    };

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
