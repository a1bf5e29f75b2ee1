using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Workflows;
using Platform.Core;
using Platform.Core.Workflows;
using Platform.Modules.Sanatoriums.Bookings;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Tests;

/// <summary>Every path of the booking process, on-behalf records, and the waitlist's time-limited offers.</summary>
public abstract class BookingWorkflowTests<THost>(THost fixture) : IClassFixture<THost> where THost : SanatoriumsHost
{
    private Task<int> TickAsync() => fixture.InScopeAsync(sp => sp.GetRequiredService<WorkflowTimers>().RunDueAsync("test"));

    [Fact]
    public async Task A_liaison_books_for_a_veteran_and_the_sanatoriums_staff_confirm_check_in_and_complete()
    {
        var batch = await fixture.BatchAsync(startInDays: 40);
        var veteran = (await fixture.VeteransAsync("5110", 1))[0];
        var booking = (await fixture.BookAsync(SanatoriumsHost.Liaison, batch.Id, veteran)).Booking!;
        Assert.Equal((BookingStatus.Requested, ActedAs.Liaison, "neijiang-liaison"), (booking.Status, booking.ActedAs, booking.ActedBy));
        Assert.Equal($"neijiang-liaison（联络员）为 {booking.VeteranName} 办理", ActedAs.Describe(booking));

        // Another provider's staff cannot see it; the sanatorium's own staff move it on.
        var other = await Assert.ThrowsAsync<PlatformException>(() => fixture.FireAsync(SanatoriumsHost.OtherProvider, booking.Id, "confirm"));
        Assert.Equal(404, other.Status);
        Assert.Equal(BookingStatus.Confirmed, (await fixture.FireAsync(SanatoriumsHost.Staff, booking.Id, "confirm")).Status);
        Assert.Equal(BookingStatus.CheckedIn, (await fixture.FireAsync(SanatoriumsHost.Staff, booking.Id, "check-in")).Status);
        var done = await fixture.FireAsync(SanatoriumsHost.Staff, booking.Id, "complete");
        Assert.Equal(BookingStatus.Completed, done.Status);

        var history = await fixture.InScopeAsync(sp => sp.GetRequiredService<IWorkflowEngine>().HistoryAsync(done.WorkflowInstanceId!.Value));
        Assert.Equal(["confirm tiancheng-desk", "check-in tiancheng-desk", "complete tiancheng-desk"],
            history.Where(h => h.Transition != "start").Select(h => h.Transition + " " + h.Actor).TakeLast(3));
    }

    [Fact]
    public async Task A_family_member_books_on_the_veterans_login_and_the_record_says_so()
    {
        var batch = await fixture.BatchAsync(startInDays: 60);
        var veteran = (await fixture.VeteransAsync("5110", 2))[1];
        var booking = (await fixture.BookAsync(SanatoriumsHost.Family(veteran), batch.Id, veteran, asFamily: true)).Booking!;
        Assert.Equal(ActedAs.Family, booking.ActedAs);
        Assert.Equal($"family-of-{veteran}（家属）为 {booking.VeteranName} 办理", ActedAs.Describe(booking));
        // Someone else's family cannot book for this veteran.
        var stranger = await Assert.ThrowsAsync<PlatformException>(() => fixture.BookAsync(SanatoriumsHost.Family(veteran + 1), batch.Id, veteran));
        Assert.Equal(404, stranger.Status);
    }

    [Fact]
    public async Task A_companion_shares_the_room_takes_a_second_bed_and_cancels_with_the_booking()
    {
        var batch = await fixture.BatchAsync(singleBeds: 1, startInDays: 200, doubleBeds: 3);
        var veterans = await fixture.VeteransAsync("5110", 10);
        var spouse = new Companion("王秀英", "配偶");
        var booking = (await fixture.BookAsync(SanatoriumsHost.Liaison, batch.Id, veterans[7], companion: spouse)).Booking!;
        Assert.Equal((BookingStatus.Requested, 2, "王秀英", "配偶"), (booking.Status, booking.Beds, booking.CompanionName, booking.CompanionRelation));
        Assert.Equal(2, await fixture.TakenAsync(batch.Id));
        // One double bed is left: a second couple waits (together), a single veteran in a double room still fits.
        var couple = (await fixture.BookAsync(SanatoriumsHost.Liaison, batch.Id, veterans[8], companion: new Companion("刘护理", "护理人员"))).Booking!;
        Assert.Equal((BookingStatus.Waitlisted, 2), (couple.Status, couple.Beds));
        var invalid = await Assert.ThrowsAsync<PlatformException>(() => fixture.InScopeAsync(sp => sp.GetRequiredService<BookingService>().RequestAsync(
            SanatoriumsHost.Liaison, new BookingRequest(batch.Id, veterans[9], RoomKinds.SingleRoom, "single-with-companion", Companion: spouse))));
        Assert.Contains("陪同人员", invalid.MessageZh, StringComparison.Ordinal);

        // Cancelling frees both beds; the waiting couple is offered them together.
        await fixture.FireAsync(SanatoriumsHost.Liaison, booking.Id, "cancel");
        Assert.Equal(BookingStatus.Offered, (await fixture.ReloadAsync(couple.Id)).Status);
        Assert.Equal(2, await fixture.TakenAsync(batch.Id));
    }

    [Fact]
    public async Task A_no_show_frees_the_bed_and_the_days()
    {
        var batch = await fixture.BatchAsync(startInDays: 80);
        var veteran = (await fixture.VeteransAsync("5110", 3))[2];
        var booking = (await fixture.BookAsync(SanatoriumsHost.Sichuan, batch.Id, veteran)).Booking!;
        Assert.Equal(ActedAs.Bureau, booking.ActedAs);
        await fixture.FireAsync(SanatoriumsHost.Staff, booking.Id, "confirm");
        var noShow = await fixture.FireAsync(SanatoriumsHost.Staff, booking.Id, "no-show");
        Assert.Equal((BookingStatus.NoShow, false), (noShow.Status, noShow.HoldsBeds));
        Assert.Equal(0, await fixture.TakenAsync(batch.Id));
        Assert.Equal(0, await fixture.DbAsync(db => db.StayDays.CountAsync(d => d.BookingId == booking.Id)));
    }

    [Fact]
    public async Task A_waitlisted_veteran_who_booked_overlapping_days_elsewhere_leaves_the_waitlist_and_the_freed_bed_goes_to_the_next()
    {
        var batch = await fixture.BatchAsync(singleBeds: 1, startInDays: 230);
        var elsewhere = await fixture.BatchAsync(singleBeds: 1, startInDays: 233);
        var veterans = await fixture.VeteransAsync("5110", 45);
        var holder = (await fixture.BookAsync(SanatoriumsHost.Liaison, batch.Id, veterans[40])).Booking!;
        var first = (await fixture.BookAsync(SanatoriumsHost.Liaison, batch.Id, veterans[41])).Booking!;
        var second = (await fixture.BookAsync(SanatoriumsHost.Liaison, batch.Id, veterans[42])).Booking!;
        // While waiting, the first in line books a stay whose days overlap this batch's (a waitlisted booking holds no days).
        Assert.Equal(BookingStatus.Requested, (await fixture.BookAsync(SanatoriumsHost.Liaison, elsewhere.Id, veterans[41])).Booking!.Status);

        await fixture.FireAsync(SanatoriumsHost.Liaison, holder.Id, "cancel");
        var lapsed = await fixture.ReloadAsync(first.Id);
        Assert.Equal((BookingStatus.Lapsed, false, "候补期间已有其他时间重叠的疗养安排"), (lapsed.Status, lapsed.HoldsBeds, lapsed.Reason));
        var offered = await fixture.ReloadAsync(second.Id);
        Assert.Equal((BookingStatus.Offered, true), (offered.Status, offered.HoldsBeds));
        Assert.Equal(1, await fixture.TakenAsync(batch.Id));
        Assert.Equal(7, await fixture.DbAsync(db => db.StayDays.CountAsync(d => d.BookingId == second.Id)));
        Assert.Equal(0, await fixture.DbAsync(db => db.StayDays.CountAsync(d => d.BookingId == first.Id)));
    }

    [Fact]
    public async Task A_cancelled_bed_is_offered_to_the_waitlist_in_order_and_an_offer_not_accepted_in_time_passes_to_the_next()
    {
        var batch = await fixture.BatchAsync(singleBeds: 1, startInDays: 120);
        var veterans = await fixture.VeteransAsync("5110", 7);
        var holder = (await fixture.BookAsync(SanatoriumsHost.Liaison, batch.Id, veterans[4])).Booking!;
        var first = (await fixture.BookAsync(SanatoriumsHost.Liaison, batch.Id, veterans[5])).Booking!;
        var second = (await fixture.BookAsync(SanatoriumsHost.Liaison, batch.Id, veterans[6])).Booking!;
        Assert.Equal([BookingStatus.Requested, BookingStatus.Waitlisted, BookingStatus.Waitlisted], new[] { holder.Status, first.Status, second.Status });

        var cancelled = await fixture.FireAsync(SanatoriumsHost.Liaison, holder.Id, "cancel");
        Assert.Equal((BookingStatus.Cancelled, false), (cancelled.Status, cancelled.HoldsBeds));
        var offered = await fixture.ReloadAsync(first.Id);
        Assert.Equal((BookingStatus.Offered, true), (offered.Status, offered.HoldsBeds));
        Assert.Equal(fixture.Now + Waitlist.OfferTime, offered.OfferExpiresAt!.Value, TimeSpan.FromMilliseconds(1)); // PostgreSQL keeps microseconds
        Assert.Equal(BookingStatus.Waitlisted, (await fixture.ReloadAsync(second.Id)).Status);
        Assert.Equal(1, await fixture.TakenAsync(batch.Id));

        // Not yet: nothing fires before the limit.
        fixture.Clock.Advance(TimeSpan.FromHours(47));
        await TickAsync();
        Assert.Equal(BookingStatus.Offered, (await fixture.ReloadAsync(first.Id)).Status);
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await TickAsync(); // other tests of this class may have offers falling due too: check this one's effect
        var lapsed = await fixture.ReloadAsync(first.Id);
        Assert.Equal((BookingStatus.Lapsed, false, "逾期未确认递补"), (lapsed.Status, lapsed.HoldsBeds, lapsed.Reason));
        Assert.Equal(BookingStatus.Offered, (await fixture.ReloadAsync(second.Id)).Status);
        Assert.Equal(1, await fixture.TakenAsync(batch.Id));

        // The next in line accepts in time: the booking joins the normal process and the sanatorium confirms it.
        var accepted = await fixture.FireAsync(SanatoriumsHost.Liaison, second.Id, "accept");
        Assert.Equal(BookingStatus.Requested, accepted.Status);
        Assert.NotNull(accepted.WorkflowInstanceId);
        Assert.Equal(BookingStatus.Confirmed, (await fixture.FireAsync(SanatoriumsHost.Staff, second.Id, "confirm")).Status);
        Assert.Equal(1, await fixture.TakenAsync(batch.Id));
        Assert.Equal(7, await fixture.DbAsync(db => db.StayDays.CountAsync(d => d.BookingId == second.Id)));
    }
}

public sealed class BookingWorkflowTests_Sqlite(SqliteSanatoriumsHost host) : BookingWorkflowTests<SqliteSanatoriumsHost>(host);

public sealed class BookingWorkflowTests_Postgres(PostgresSanatoriumsHost host) : BookingWorkflowTests<PostgresSanatoriumsHost>(host);
