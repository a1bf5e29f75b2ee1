using Microsoft.EntityFrameworkCore;
using Platform.Core.Workflows;
using Platform.Modules.Sanatoriums.Bookings;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Catalogue;

/// <summary>
/// The hourly checks on batches: the minimum-occupancy warning to the bureau (once per batch, 3 days before booking
/// closes) and waitlist offers whose process failed to start (given a process now, or passed on when already overdue).
/// </summary>
public sealed class BatchChecks(SanatoriumsDbContext db, IWorkflowEngine workflows, BedLedger ledger, Waitlist waitlist, TimeProvider clock)
{
    public static readonly TimeSpan WarnBeforeClosing = TimeSpan.FromDays(3);
    private static readonly TimeSpan AbandonedClaim = TimeSpan.FromMinutes(10);

    /// <summary>Warns about batches below their minimum; each batch is claimed with a conditional update, so it is warned once.</summary>
    public async Task<int> WarnLowOccupancyAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await (from b in db.Batches.AsNoTracking()
                         join s in db.Sanatoriums.AsNoTracking() on b.SanatoriumId equals s.Id
                         where b.MinOccupancy != null && b.OccupancyWarnedAt == null && b.BookingClosesAt > now && b.BookingClosesAt <= now + WarnBeforeClosing
                            && db.Capacity.Where(c => c.BatchId == b.Id).Sum(c => c.Taken) < b.MinOccupancy
                         select new { b.Id, s.RegionCode, s.OrganisationId }).ToListAsync(ct);
        var warned = 0;
        foreach (var batch in due)
        {
            if (await db.Batches.Where(b => b.Id == batch.Id && b.OccupancyWarnedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(b => b.OccupancyWarnedAt, now), ct) == 0) continue;
            await workflows.StartAsync(SanatoriumsModule.Id, "occupancy-warning", $"batch:{batch.Id}", batch.RegionCode, SystemActor.Name, batch.OrganisationId, ct);
            warned++;
        }
        return warned;
    }

    /// <summary>Offers held without a process (its start failed after the commit): started now, or passed on once overdue.</summary>
    public async Task<int> RepairOffersAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - AbandonedClaim;
        var orphans = await db.Bookings.AsNoTracking()
            .Where(b => b.Status == BookingStatus.Offered && (b.OfferInstanceId == null || b.OfferInstanceId == 0 && b.UpdatedAt < stale) && b.UpdatedAt < stale)
            .ToListAsync(ct);
        var repaired = 0;
        foreach (var offer in orphans)
        {
            // Claimed with the marker 0 so two nodes do not both start a process; a claim left by a dead node is retaken.
            if (await db.Bookings.Where(b => b.Id == offer.Id && b.Status == BookingStatus.Offered && b.OfferInstanceId == offer.OfferInstanceId && b.UpdatedAt == offer.UpdatedAt)
                    .ExecuteUpdateAsync(s => s.SetProperty(b => b.OfferInstanceId, 0L).SetProperty(b => b.UpdatedAt, now), ct) == 0) continue;
            if (offer.OfferExpiresAt is { } expires && expires <= now)
            {
                await ledger.ReleaseAsync(offer.Id, BookingStatus.Lapsed, "递补流程未能启动，已逾期，床位让给下一位", now, ct);
                await waitlist.OfferFreeBedsAsync(offer.BatchId, offer.RoomType, ct);
            }
            else
            {
                var organisation = await (from t in db.Batches join s in db.Sanatoriums on t.SanatoriumId equals s.Id where t.Id == offer.BatchId select s.OrganisationId).SingleAsync(ct);
                var instance = await workflows.StartAsync(SanatoriumsModule.Id, "waitlist-offer", Booking.Record(offer.Id), offer.RegionCode, "system:waitlist", organisation, ct);
                await db.Bookings.Where(b => b.Id == offer.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.OfferInstanceId, instance.Id), ct);
            }
            repaired++;
        }
        return repaired;
    }
}
