using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Workflows;
using Platform.Modules.Sanatoriums.Data;
using Platform.Modules.Veterans.Contracts;

namespace Platform.Modules.Sanatoriums.Bookings;

/// <summary>
/// When the registry marks a veteran deceased (every future stay) or hospitalised (stays starting within 30 days), their
/// stays are cancelled with the reason through the booking process, so the beds go to the waitlist and the reminders
/// are withdrawn; waitlist places and offers lapse. Told in process by the registry right after its commit, and
/// reconciled by <see cref="ReconcileAsync"/> (hourly job), which catches an event lost to a crash.
/// </summary>
public sealed class LifeEventStays(SanatoriumsDbContext db, IWorkflowEngine workflows, IVeteranLifeEvents lifeEvents, TimeProvider clock) : IVeteranLifeEventSubscriber
{
    public const int HospitalHorizonDays = 30;
    private static readonly string[] Live = [BookingStatus.Requested, BookingStatus.Confirmed, BookingStatus.Waitlisted, BookingStatus.Offered];

    public async Task HandleAsync(VeteranLifeEvent lifeEvent, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));
        var horizon = lifeEvent.Kind == LifeEventKind.Deceased ? DateOnly.MaxValue : today.AddDays(HospitalHorizonDays);
        var reason = lifeEvent.Kind == LifeEventKind.Deceased
            ? $"老同志已于 {lifeEvent.Since:yyyy-MM-dd} 去世，预约自动取消"
            : $"老同志 {lifeEvent.Since:yyyy-MM-dd} 起住院，预约自动取消，床位让给候补";
        var stays = await (from b in db.Bookings.AsNoTracking()
                           join t in db.Batches.AsNoTracking() on b.BatchId equals t.Id
                           where b.VeteranId == lifeEvent.VeteranId && Live.Contains(b.Status) && t.StartDate > today && t.StartDate <= horizon
                           select b).ToListAsync(cancellationToken);
        foreach (var stay in stays)
        {
            await db.Bookings.Where(b => b.Id == stay.Id && b.Status == stay.Status).ExecuteUpdateAsync(s => s.SetProperty(b => b.Reason, reason), cancellationToken);
            switch (stay.Status)
            {
                case BookingStatus.Waitlisted:
                    await db.Bookings.Where(b => b.Id == stay.Id && b.Status == BookingStatus.Waitlisted).ExecuteUpdateAsync(s => s
                        .SetProperty(b => b.Status, BookingStatus.Lapsed).SetProperty(b => b.UpdatedAt, clock.GetUtcNow().UtcDateTime), cancellationToken);
                    break;
                case BookingStatus.Offered when stay.OfferInstanceId is { } offer:
                    await FireAsync(offer, "decline", reason, cancellationToken);
                    break;
                case BookingStatus.Requested or BookingStatus.Confirmed when stay.WorkflowInstanceId is { } process:
                    await FireAsync(process, "cancel", reason, cancellationToken);
                    break;
            }
        }
    }

    /// <summary>Asks the registry about every veteran holding a future stay and acts on what it reports.</summary>
    public async Task<int> ReconcileAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));
        var holders = await (from b in db.Bookings.AsNoTracking()
                             join t in db.Batches.AsNoTracking() on b.BatchId equals t.Id
                             where Live.Contains(b.Status) && t.StartDate > today
                             select b.VeteranId).Distinct().ToListAsync(ct);
        var handled = 0;
        foreach (var chunk in holders.Chunk(500))
            foreach (var lifeEvent in await lifeEvents.CurrentAsync(chunk, ct))
            {
                await HandleAsync(lifeEvent, ct);
                handled++;
            }
        return handled;
    }

    private async Task FireAsync(long instanceId, string transition, string reason, CancellationToken ct)
    {
        if (await workflows.FindAsync(instanceId, ct) is not { } instance) return;
        try
        {
            await workflows.FireAsync(instance.Id, transition, SystemActor.Principal, instance.Revision, reason, ct);
        }
        catch (PlatformException e) when (e.Status == 409)
        {
            // moved on meanwhile (cancelled by someone, or by a repeat of this event)
        }
    }
}
