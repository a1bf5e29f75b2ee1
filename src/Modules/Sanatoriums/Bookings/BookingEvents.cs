using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Workflows;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Bookings;

/// <summary>
/// Keeps bookings in step with their processes, whoever fired the transition (this module, <c>/admin/tasks</c>, a
/// timeout). Every change is conditional on the status it expects, so a repeated event changes nothing.
/// </summary>
/// <remarks>
/// The waitlist and booking services are resolved when needed: they use the workflow engine, whose outbox holds the
/// subscribers, so taking them in the constructor would be a dependency cycle.
/// </remarks>
public sealed class BookingEvents(SanatoriumsDbContext db, BedLedger ledger, IServiceProvider services, TimeProvider clock) : IWorkflowEventSubscriber
{
    public async Task HandleAsync(WorkflowEvent workflowEvent, CancellationToken cancellationToken)
    {
        var instance = workflowEvent.Instance;
        if (instance.ModuleId != SanatoriumsModule.Id || !instance.EntityId.StartsWith(Booking.RecordPrefix, StringComparison.Ordinal)) return;
        var id = long.Parse(instance.EntityId[Booking.RecordPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
        var now = clock.GetUtcNow().UtcDateTime;
        switch (workflowEvent.Name)
        {
            case "BookingConfirmed":
                await MoveAsync(id, BookingStatus.Requested, BookingStatus.Confirmed, now, cancellationToken);
                if (instance.OrganisationId is { } sanatoriumOrganisation)
                    await services.GetRequiredService<StayReminders>().ScheduleAsync(id, sanatoriumOrganisation, cancellationToken);
                break;
            case "BookingCheckedIn": await MoveAsync(id, BookingStatus.Confirmed, BookingStatus.CheckedIn, now, cancellationToken); break;
            case "BookingCompleted": await MoveAsync(id, BookingStatus.CheckedIn, BookingStatus.Completed, now, cancellationToken); break;
            case "BookingCancelled": await FreeAsync(id, BookingStatus.Cancelled, instance.UpdatedBy, now, cancellationToken); break;
            case "BookingNoShow": await FreeAsync(id, BookingStatus.NoShow, instance.UpdatedBy, now, cancellationToken); break;
            case "OfferLapsed": await FreeAsync(id, BookingStatus.Lapsed, instance.State == "expired" ? "逾期未确认递补" : "已放弃递补", now, cancellationToken); break;
            case "OfferAccepted":
                if (await MoveAsync(id, BookingStatus.Offered, BookingStatus.Requested, now, cancellationToken))
                {
                    var booking = await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == id, cancellationToken);
                    var organisation = await db.Batches.Where(b => b.Id == booking.BatchId)
                        .Join(db.Sanatoriums, b => b.SanatoriumId, s => s.Id, (b, s) => s.OrganisationId).SingleAsync(cancellationToken);
                    await services.GetRequiredService<BookingService>().StartProcessAsync(booking, organisation, instance.UpdatedBy, cancellationToken);
                }
                break;
        }
    }

    private async Task<bool> MoveAsync(long id, string from, string to, DateTime now, CancellationToken ct) =>
        await db.Bookings.Where(b => b.Id == id && b.Status == from)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, to).SetProperty(b => b.UpdatedAt, now), ct) == 1;

    private async Task FreeAsync(long id, string status, string? reason, DateTime now, CancellationToken ct)
    {
        var booking = await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == id, ct);
        await ledger.ReleaseAsync(id, status, booking.Reason ?? reason, now, ct); // a reason set beforehand (a life event) is kept
        await services.GetRequiredService<StayReminders>().WithdrawAsync(id, ct);
        // Also after a repeat: offering is idempotent (only free beds are offered), and a crash between the two steps is mended.
        await services.GetRequiredService<Waitlist>().OfferFreeBedsAsync(booking.BatchId, booking.RoomType, ct);
    }
}
