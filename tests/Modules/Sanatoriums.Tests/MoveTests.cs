using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Modules.Sanatoriums.Bookings;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Tests;

/// <summary>Moving a booking (with its companion) to another batch: all or nothing, the old beds to that batch's waitlist.</summary>
public abstract class MoveTests<THost>(THost fixture) : IClassFixture<THost> where THost : SanatoriumsHost
{
    private Task<BookingResult> MoveAsync(long booking, long batch, string key) =>
        fixture.InScopeAsync(sp => sp.GetRequiredService<BookingMoves>().MoveAsync(SanatoriumsHost.Liaison, booking, batch, key));

    [Fact]
    public async Task A_couple_moves_to_another_batch_together_and_their_old_beds_go_to_the_waitlist()
    {
        var veterans = await fixture.VeteransAsync("5110", 66);
        var from = await fixture.BatchAsync(singleBeds: 0, startInDays: 40, doubleBeds: 2);
        var to = await fixture.BatchAsync(singleBeds: 0, startInDays: 44, doubleBeds: 2); // overlapping days: the old ones are given back first
        var full = await fixture.BatchAsync(singleBeds: 0, startInDays: 90, doubleBeds: 2);
        var couple = (await fixture.BookAsync(SanatoriumsHost.Liaison, from.Id, veterans[62], companion: new Companion("赵淑珍", "配偶"))).Booking!;
        await fixture.FireAsync(SanatoriumsHost.Staff, couple.Id, "confirm");
        var waiting = (await fixture.BookAsync(SanatoriumsHost.Liaison, from.Id, veterans[63], companion: new Companion("钱护理", "护理人员"))).Booking!;
        Assert.Equal(BookingStatus.Waitlisted, waiting.Status);
        await fixture.BookAsync(SanatoriumsHost.Liaison, full.Id, veterans[64], companion: new Companion("孙淑华", "配偶"));

        // Into a full batch: refused, nothing changed.
        var refused = await MoveAsync(couple.Id, full.Id, "move-full");
        Assert.Equal(Rules.Capacity, refused.Refusal!.Rule);
        Assert.Equal((BookingStatus.Confirmed, true), ((await fixture.ReloadAsync(couple.Id)).Status, (await fixture.ReloadAsync(couple.Id)).HoldsBeds));
        Assert.Equal((2, 2), (await fixture.TakenAsync(from.Id), await fixture.TakenAsync(full.Id)));

        var moved = (await MoveAsync(couple.Id, to.Id, "move-1")).Booking!;
        var retried = await MoveAsync(couple.Id, to.Id, "move-1"); // a client retrying after a timeout
        Assert.Equal((moved.Id, true), (retried.Booking!.Id, retried.Replayed));
        Assert.Equal((BookingStatus.Requested, 2, "赵淑珍", "配偶"), (moved.Status, moved.Beds, moved.CompanionName, moved.CompanionRelation));
        Assert.NotNull(moved.WorkflowInstanceId);
        var old = await fixture.ReloadAsync(couple.Id);
        Assert.Equal((BookingStatus.Cancelled, false), (old.Status, old.HoldsBeds));
        Assert.Contains("已改到", old.Reason, StringComparison.Ordinal);
        Assert.Equal(2, await fixture.TakenAsync(to.Id));
        Assert.Equal(7, await fixture.DbAsync(db => db.StayDays.CountAsync(d => d.BookingId == moved.Id)));
        Assert.Equal(0, await fixture.DbAsync(db => db.StayDays.CountAsync(d => d.BookingId == couple.Id)));
        Assert.Equal(BookingStatus.Offered, (await fixture.ReloadAsync(waiting.Id)).Status); // the freed double room, to the pair waiting
        Assert.Equal(2, await fixture.TakenAsync(from.Id));
    }
}

public sealed class MoveTests_Sqlite(SqliteSanatoriumsHost host) : MoveTests<SqliteSanatoriumsHost>(host);

public sealed class MoveTests_Postgres(PostgresSanatoriumsHost host) : MoveTests<PostgresSanatoriumsHost>(host);
