using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Cms.Notifications;
using Platform.Cms.Workflows;
using Platform.Core;
using Platform.Core.Workflows;
using Platform.Modules.Sanatoriums.Bookings;
using Platform.Modules.Sanatoriums.Catalogue;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Tests;

/// <summary>Rooms matched to mobility needs, the doctor's fitness sign-off before check-in, the reminder 3 days before arrival.</summary>
public abstract class CareAwareTests<THost>(THost fixture) : IClassFixture<THost> where THost : SanatoriumsHost
{
    private async Task<Batch> BatchAsync(int startInDays, bool fitness = false, int accessible = 2)
    {
        var sanatorium = await fixture.SanatoriumAsync();
        var start = fixture.Today.AddDays(startInDays);
        var beds = new Dictionary<string, int> { [RoomKinds.SingleRoom] = 5, [RoomKinds.DoubleRoom] = 2 };
        if (accessible > 0) beds[RoomKinds.AccessibleRoom] = accessible;
        return await fixture.InScopeAsync(sp => sp.GetRequiredService<SanatoriumService>().CreateBatchAsync(SanatoriumsHost.Admin, sanatorium.Id,
            new BatchInput($"康复批次{startInDays}", start, start.AddDays(7), 1200m, beds, [], fixture.Now.AddDays(-1),
                start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(-1), RequiresFitnessCheck: fitness)));
    }

    private Task<BookingResult> BookAsync(long batch, long veteran, string room, string? mobility) => fixture.InScopeAsync(sp => sp.GetRequiredService<BookingService>()
        .RequestAsync(SanatoriumsHost.Liaison, new BookingRequest(batch, veteran, room, Guid.NewGuid().ToString("N"), Mobility: mobility)));

    [Fact]
    public async Task A_veteran_in_a_wheelchair_is_refused_a_single_room_with_the_reason_and_gets_an_accessible_one()
    {
        var batch = await BatchAsync(30);
        var veteran = (await fixture.VeteransAsync("5110", 31))[30];
        var refused = await BookAsync(batch.Id, veteran, RoomKinds.SingleRoom, Mobility.Wheelchair);
        Assert.Equal(Rules.Mobility, refused.Refusal!.Rule);
        Assert.Contains("使用轮椅，须安排无障碍间", refused.Refusal.MessageZh, StringComparison.Ordinal);
        Assert.Contains("请改选无障碍间", refused.Refusal.MessageZh, StringComparison.Ordinal);
        var booked = (await BookAsync(batch.Id, veteran, RoomKinds.AccessibleRoom, Mobility.Wheelchair)).Booking!;
        Assert.Equal((BookingStatus.Requested, Mobility.Wheelchair), (booked.Status, booked.Mobility));

        var noAccessible = await BatchAsync(60, accessible: 0);
        var other = (await fixture.VeteransAsync("5110", 32))[31];
        Assert.Contains("本批次没有无障碍间", (await BookAsync(noAccessible.Id, other, RoomKinds.DoubleRoom, Mobility.Walker)).Refusal!.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_in_is_refused_until_a_doctor_has_signed_off_the_fitness_check()
    {
        var batch = await BatchAsync(45, fitness: true);
        var veteran = (await fixture.VeteransAsync("5110", 33))[32];
        var booking = (await BookAsync(batch.Id, veteran, RoomKinds.SingleRoom, null)).Booking!;
        await fixture.FireAsync(SanatoriumsHost.Staff, booking.Id, "confirm");
        var refused = await Assert.ThrowsAsync<PlatformException>(() => fixture.FireAsync(SanatoriumsHost.Staff, booking.Id, "check-in"));
        Assert.Contains("入住前体检合格并由医生签字确认", refused.MessageZh, StringComparison.Ordinal);
        Assert.Equal(BookingStatus.Confirmed, (await fixture.ReloadAsync(booking.Id)).Status);

        var other = await Assert.ThrowsAsync<PlatformException>(() => fixture.InScopeAsync(sp => sp.GetRequiredService<FitnessCheck>()
            .SignOffAsync(SanatoriumsHost.OtherProvider, booking.Id, "张医生").ContinueWith(t => { t.GetAwaiter().GetResult(); return 0; })));
        Assert.Equal(404, other.Status);
        await fixture.InScopeAsync(async sp => { await sp.GetRequiredService<FitnessCheck>().SignOffAsync(SanatoriumsHost.Staff, booking.Id, "张医生"); return 0; });
        var signed = await fixture.ReloadAsync(booking.Id);
        Assert.Equal(("张医生", "tiancheng-desk"), (signed.FitnessDoctor, signed.FitnessRecordedBy));
        Assert.Equal(BookingStatus.CheckedIn, (await fixture.FireAsync(SanatoriumsHost.Staff, booking.Id, "check-in")).Status);
    }

    [Fact]
    public async Task The_reminder_goes_out_once_three_days_before_arrival_and_not_for_a_cancelled_stay()
    {
        var batch = await BatchAsync(10);
        var veterans = await fixture.VeteransAsync("5110", 36);
        var kept = (await BookAsync(batch.Id, veterans[34], RoomKinds.SingleRoom, null)).Booking!;
        var dropped = (await BookAsync(batch.Id, veterans[35], RoomKinds.SingleRoom, null)).Booking!;
        await fixture.FireAsync(SanatoriumsHost.Staff, kept.Id, "confirm");
        await fixture.FireAsync(SanatoriumsHost.Staff, dropped.Id, "confirm");
        var keptReminder = (await fixture.ReloadAsync(kept.Id)).ReminderInstanceId!.Value;
        var droppedReminder = (await fixture.ReloadAsync(dropped.Id)).ReminderInstanceId!.Value;
        await fixture.FireAsync(SanatoriumsHost.Liaison, dropped.Id, "cancel");

        Task<string?> StateAsync(long id) => fixture.InScopeAsync(async sp => (await sp.GetRequiredService<IWorkflowEngine>().FindAsync(id))?.State);
        Task<int> TickAsync() => fixture.InScopeAsync(sp => sp.GetRequiredService<WorkflowTimers>().RunDueAsync("test"));
        Assert.Equal("withdrawn", await StateAsync(droppedReminder));

        fixture.Clock.Advance(TimeSpan.FromDays(6)); // four days before arrival
        await TickAsync();
        Assert.Equal("scheduled", await StateAsync(keptReminder));
        fixture.Clock.Advance(TimeSpan.FromDays(1.5));
        await TickAsync();
        Assert.Equal("reminded", await StateAsync(keptReminder));
        await TickAsync();
        await fixture.InScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().RunDueAsync("test"));
        var reminded = await fixture.InScopeAsync(async sp =>
        {
            var users = await sp.GetRequiredService<CoreDbContext>().Inbox.Where(n => n.Subject.Contains("疗养提醒") && n.Subject.Contains($"booking:{kept.Id}"))
                .Select(n => n.UserId).ToListAsync();
            return await sp.GetRequiredService<Platform.Cms.Identity.IdentityStoreContext>().Users.Where(u => users.Contains(u.Id)).Select(u => u.UserName!).Distinct().ToListAsync();
        });
        Assert.Equal(["neijiang-liaison"], reminded);
        Assert.Equal(0, await fixture.InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().Inbox.CountAsync(n => n.Subject.Contains($"booking:{dropped.Id}"))));
    }
}

public sealed class CareAwareTests_Sqlite(SqliteSanatoriumsHost host) : CareAwareTests<SqliteSanatoriumsHost>(host);

public sealed class CareAwareTests_Postgres(PostgresSanatoriumsHost host) : CareAwareTests<PostgresSanatoriumsHost>(host);
