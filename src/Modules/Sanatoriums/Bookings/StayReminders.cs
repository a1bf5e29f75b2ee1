using Microsoft.EntityFrameworkCore;
using Platform.Core.Workflows;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Bookings;

/// <summary>
/// The reminder 3 days before arrival, as a <c>stay-reminder</c> process whose "remind" the platform fires at 09:00
/// China time (a database timer: once, on one node, surviving restarts). Cancelling the stay withdraws it; the guard
/// <c>stay-still-booked</c> stops it too, should the withdrawal not have happened.
/// </summary>
public sealed class StayReminders(SanatoriumsDbContext db, IWorkflowEngine workflows)
{
    public static DateTime DueAt(Batch batch) => batch.StartDate.AddDays(-3).ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc); // 09:00 China time

    /// <summary>Schedules the reminder of a confirmed stay (once: a booking keeps its reminder's id).</summary>
    public async Task ScheduleAsync(long bookingId, string organisationId, CancellationToken ct)
    {
        var booking = await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == bookingId, ct);
        if (booking.ReminderInstanceId is not null) return;
        var batch = await db.Batches.AsNoTracking().SingleAsync(b => b.Id == booking.BatchId, ct);
        // The person who booked (family, liaison officer, the veteran) is the process's starter and so gets the notice.
        var instance = await workflows.StartAsync(SanatoriumsModule.Id, "stay-reminder", Booking.Record(booking.Id), booking.RegionCode, booking.ActedBy, organisationId, ct);
        if (await db.Bookings.Where(b => b.Id == bookingId && b.ReminderInstanceId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.ReminderInstanceId, instance.Id), ct) == 0)
        {
            await workflows.FireAsync(instance.Id, "withdraw", SystemActor.Principal, instance.Revision, "重复的提醒", ct); // a repeated event raced this one
            return;
        }
        await workflows.ScheduleAsync(instance.Id, "remind", DueAt(batch), SystemActor.Name, ct);
    }

    /// <summary>Withdraws the reminder of a stay that was cancelled (or ended early); nothing when there is none or it is done.</summary>
    public async Task WithdrawAsync(long bookingId, CancellationToken ct)
    {
        var id = await db.Bookings.Where(b => b.Id == bookingId).Select(b => b.ReminderInstanceId).SingleAsync(ct);
        if (id is null || await workflows.FindAsync(id.Value, ct) is not { State: "scheduled" or "reminded" } instance) return;
        try
        {
            await workflows.FireAsync(instance.Id, "withdraw", SystemActor.Principal, instance.Revision, "疗养已取消", ct);
        }
        catch (Platform.Core.PlatformException e) when (e.Status == 409)
        {
            // moved on meanwhile (sent or withdrawn by a repeat of this event)
        }
    }
}

/// <summary>A reminder is sent only for a stay still booked (requested or confirmed).</summary>
public sealed class StayStillBookedGuard(SanatoriumsDbContext db) : IWorkflowGuard
{
    public string Name => "stay-still-booked";

    public async ValueTask<string?> RefuseAsync(WorkflowInstanceInfo instance, string transition, CancellationToken cancellationToken) =>
        await db.Bookings.AnyAsync(b => b.ReminderInstanceId == instance.Id && (b.Status == BookingStatus.Confirmed || b.Status == BookingStatus.Requested), cancellationToken)
            ? null : "该疗养已取消或已结束，不再提醒。";
}
