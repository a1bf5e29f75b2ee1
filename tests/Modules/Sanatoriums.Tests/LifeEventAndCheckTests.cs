using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Cms.Notifications;
using Platform.Core.Workflows;
using Platform.Modules.Sanatoriums.Bookings;
using Platform.Modules.Sanatoriums.Catalogue;
using Platform.Modules.Sanatoriums.Data;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features.Contacts;

namespace Platform.Modules.Sanatoriums.Tests;

/// <summary>Life events from the registry cancel future stays; the hourly checks warn about low occupancy and mend orphaned offers.</summary>
public abstract class LifeEventAndCheckTests<THost>(THost fixture) : IClassFixture<THost> where THost : SanatoriumsHost
{
    private Task<string?> StateAsync(long id) => fixture.InScopeAsync(async sp => (await sp.GetRequiredService<IWorkflowEngine>().FindAsync(id))?.State);

    /// <summary>Removes a booking's offer process as if it had never been started.</summary>
    private async Task ForgetOfferProcessAsync(long bookingId)
    {
        var instance = (await fixture.ReloadAsync(bookingId)).OfferInstanceId!.Value;
        await fixture.InScopeAsync(async sp =>
        {
            var core = sp.GetRequiredService<CoreDbContext>();
            await core.WorkflowTimers.Where(t => t.InstanceId == instance).ExecuteDeleteAsync();
            await core.WorkflowHistory.Where(h => h.InstanceId == instance).ExecuteDeleteAsync();
            await core.Outbox.Where(o => o.InstanceId == instance).ExecuteDeleteAsync();
            return await core.WorkflowInstances.Where(i => i.Id == instance).ExecuteDeleteAsync();
        });
        await fixture.DbAsync(db => db.Bookings.Where(b => b.Id == bookingId).ExecuteUpdateAsync(s => s.SetProperty(b => b.OfferInstanceId, (long?)null)));
    }

    [Fact]
    public async Task A_hospital_stay_logged_by_the_liaison_cancels_the_stays_of_the_next_30_days_and_their_beds_go_to_the_waitlist()
    {
        var veterans = await fixture.VeteransAsync("5110", 52);
        var (patient, waiting) = (veterans[50], veterans[51]);
        var soon = await fixture.BatchAsync(singleBeds: 1, startInDays: 20);
        var later = await fixture.BatchAsync(startInDays: 90);
        var near = (await fixture.BookAsync(SanatoriumsHost.Liaison, soon.Id, patient)).Booking!;
        await fixture.FireAsync(SanatoriumsHost.Staff, near.Id, "confirm");
        var reminder = (await fixture.ReloadAsync(near.Id)).ReminderInstanceId!.Value;
        var far = (await fixture.BookAsync(SanatoriumsHost.Liaison, later.Id, patient)).Booking!;
        var next = (await fixture.BookAsync(SanatoriumsHost.Liaison, soon.Id, waiting)).Booking!;
        Assert.Equal(BookingStatus.Waitlisted, next.Status);

        await fixture.InScopeAsync(sp => sp.GetRequiredService<ContactLog>().AddAsync(SanatoriumsHost.Liaison, patient, fixture.Today,
            Veterans.Data.ContactKind.Hospital, "肺炎住院，市第一人民医院", "出院后回访"));

        var cancelled = await fixture.ReloadAsync(near.Id);
        Assert.Equal((BookingStatus.Cancelled, false), (cancelled.Status, cancelled.HoldsBeds));
        Assert.Contains("起住院，预约自动取消", cancelled.Reason, StringComparison.Ordinal);
        Assert.Equal("withdrawn", await StateAsync(reminder));
        Assert.Equal(BookingStatus.Offered, (await fixture.ReloadAsync(next.Id)).Status);
        Assert.Equal(BookingStatus.Requested, (await fixture.ReloadAsync(far.Id)).Status); // 90 days away: kept
        var history = await fixture.InScopeAsync(sp => sp.GetRequiredService<IWorkflowEngine>().HistoryAsync(cancelled.WorkflowInstanceId!.Value));
        Assert.Equal("system:sanatoriums", history[^1].Actor);
    }

    [Fact]
    public async Task A_death_recorded_while_the_platform_missed_the_event_is_caught_by_the_hourly_reconciliation()
    {
        var veteran = (await fixture.VeteransAsync("5110", 54))[53];
        var batch = await fixture.BatchAsync(startInDays: 150);
        var booking = (await fixture.BookAsync(SanatoriumsHost.Liaison, batch.Id, veteran)).Booking!;
        // The registry committed the death but the process died before telling anyone.
        await fixture.InScopeAsync(sp => sp.GetRequiredService<VeteransDbContext>().Veterans.Where(v => v.Id == veteran)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.DeceasedDate, fixture.Today.AddDays(-1))));
        Assert.Equal(BookingStatus.Requested, (await fixture.ReloadAsync(booking.Id)).Status);

        Assert.True(await fixture.InScopeAsync(sp => sp.GetRequiredService<LifeEventStays>().ReconcileAsync(default)) >= 1);
        var cancelled = await fixture.ReloadAsync(booking.Id);
        Assert.Equal(BookingStatus.Cancelled, cancelled.Status);
        Assert.Contains("去世，预约自动取消", cancelled.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.TakenAsync(batch.Id));
    }

    [Fact]
    public async Task The_bureau_is_warned_once_when_a_batch_is_below_its_minimum_three_days_before_booking_closes()
    {
        var sanatorium = await fixture.SanatoriumAsync();
        var start = fixture.Today.AddDays(12);
        var batch = await fixture.InScopeAsync(sp => sp.GetRequiredService<SanatoriumService>().CreateBatchAsync(SanatoriumsHost.Admin, sanatorium.Id,
            new BatchInput("秋季康养批次", start, start.AddDays(7), 900m, new Dictionary<string, int> { [RoomKinds.SingleRoom] = 10 }, [], fixture.Now.AddDays(-1),
                fixture.Now.AddDays(5), MinOccupancy: 3)));
        await fixture.BookAsync(SanatoriumsHost.Liaison, batch.Id, (await fixture.VeteransAsync("5110", 56))[55]);
        Task<int> WarnAsync() => fixture.InScopeAsync(sp => sp.GetRequiredService<BatchChecks>().WarnLowOccupancyAsync(default));

        Assert.Equal(0, await WarnAsync()); // five days before closing: not yet
        fixture.Clock.Advance(TimeSpan.FromDays(2.5));
        Assert.Equal(1, await WarnAsync());
        Assert.Equal(0, await WarnAsync()); // once per batch
        await fixture.InScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().RunDueAsync("test"));
        var told = await fixture.InScopeAsync(async sp =>
        {
            var users = await sp.GetRequiredService<CoreDbContext>().Inbox.Where(n => n.Subject.Contains($"batch:{batch.Id}")).Select(n => n.UserId).ToListAsync();
            return await sp.GetRequiredService<Platform.Cms.Identity.IdentityStoreContext>().Users.Where(u => users.Contains(u.Id)).Select(u => u.UserName!).ToListAsync();
        });
        Assert.Contains("sichuan", told);
        Assert.DoesNotContain("neijiang-liaison", told);
    }

    [Fact]
    public async Task An_offer_whose_process_never_started_gets_one_or_passes_to_the_next_when_overdue()
    {
        var batch = await fixture.BatchAsync(singleBeds: 1, startInDays: 170);
        var veterans = await fixture.VeteransAsync("5110", 60);
        var holder = (await fixture.BookAsync(SanatoriumsHost.Liaison, batch.Id, veterans[57])).Booking!;
        var first = (await fixture.BookAsync(SanatoriumsHost.Liaison, batch.Id, veterans[58])).Booking!;
        var second = (await fixture.BookAsync(SanatoriumsHost.Liaison, batch.Id, veterans[59])).Booking!;
        await fixture.FireAsync(SanatoriumsHost.Liaison, holder.Id, "cancel");
        // As if starting the offer's process had failed after the commit.
        await ForgetOfferProcessAsync(first.Id);
        Task<int> RepairAsync() => fixture.InScopeAsync(sp => sp.GetRequiredService<BatchChecks>().RepairOffersAsync(default));

        Assert.Equal(0, await RepairAsync()); // a fresh offer may still be starting
        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, await RepairAsync());
        var mended = await fixture.ReloadAsync(first.Id);
        Assert.Equal("offered", await StateAsync(mended.OfferInstanceId!.Value));

        await ForgetOfferProcessAsync(first.Id);
        fixture.Clock.Advance(TimeSpan.FromHours(49));
        Assert.Equal(1, await RepairAsync());
        Assert.Equal(BookingStatus.Lapsed, (await fixture.ReloadAsync(first.Id)).Status);
        Assert.Equal(BookingStatus.Offered, (await fixture.ReloadAsync(second.Id)).Status);
        Assert.Equal(1, await fixture.TakenAsync(batch.Id));
    }
}

public sealed class LifeEventAndCheckTests_Sqlite(SqliteSanatoriumsHost host) : LifeEventAndCheckTests<SqliteSanatoriumsHost>(host);

public sealed class LifeEventAndCheckTests_Postgres(PostgresSanatoriumsHost host) : LifeEventAndCheckTests<PostgresSanatoriumsHost>(host);
