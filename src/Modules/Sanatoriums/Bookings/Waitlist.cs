using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;
using Platform.Core.Workflows;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Bookings;

/// <summary>Offers freed beds to the waitlist in order (earliest request first), each offer held for a time limit.</summary>
public sealed class Waitlist(SanatoriumsDbContext db, BedLedger ledger, IWorkflowEngine workflows, TimeProvider clock)
{
    /// <summary>How long an offer waits; the <c>waitlist-offer</c> process's timeout (48h) is what actually ends it.</summary>
    public static readonly TimeSpan OfferTime = TimeSpan.FromHours(48);

    /// <summary>Offers free beds of the room type to the next waitlisted bookings; returns the bookings offered.</summary>
    public async Task<IReadOnlyList<long>> OfferFreeBedsAsync(long batchId, string roomType, CancellationToken ct)
    {
        var offered = new List<long>();
        var batch = await db.Batches.AsNoTracking().SingleAsync(b => b.Id == batchId, ct);
        var organisation = await db.Sanatoriums.Where(s => s.Id == batch.SanatoriumId).Select(s => s.OrganisationId).SingleAsync(ct);
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (DateOnly.FromDateTime(now.AddHours(8)) >= batch.StartDate) return offered; // the stay has begun: nobody to offer it to
            var next = await db.Bookings.AsNoTracking()
                .Where(b => b.BatchId == batchId && b.RoomType == roomType && b.Status == BookingStatus.Waitlisted)
                .OrderBy(b => b.Id).FirstOrDefaultAsync(ct);
            if (next is null) return offered;
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                if (!await ledger.TakeAsync(batchId, roomType, next.Beds, ct)) return offered;
                var claimed = await db.Bookings.Where(b => b.Id == next.Id && b.Status == BookingStatus.Waitlisted)
                    .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BookingStatus.Offered).SetProperty(b => b.HoldsBeds, true)
                        .SetProperty(b => b.OfferExpiresAt, now + OfferTime).SetProperty(b => b.UpdatedAt, now), ct);
                if (claimed == 0) continue; // another node offered it first; the rollback gives the bed back
                await ledger.AddDaysAsync(batch, next.Id, ct);
                await tx.CommitAsync(ct);
            }
            catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
            {
                // The veteran has since booked another stay on these days: they leave the waitlist, the next one is asked.
                db.ChangeTracker.Clear();
                await db.Bookings.Where(b => b.Id == next.Id && b.Status == BookingStatus.Waitlisted)
                    .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BookingStatus.Lapsed)
                        .SetProperty(b => b.Reason, "候补期间已有其他时间重叠的疗养安排").SetProperty(b => b.UpdatedAt, now), ct);
                continue;
            }
            var instance = await workflows.StartAsync(SanatoriumsModule.Id, "waitlist-offer", Booking.Record(next.Id), next.RegionCode, "system:waitlist", organisation, ct);
            await db.Bookings.Where(b => b.Id == next.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.OfferInstanceId, instance.Id), ct);
            offered.Add(next.Id);
        }
    }
}
