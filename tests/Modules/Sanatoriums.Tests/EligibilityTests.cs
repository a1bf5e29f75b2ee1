using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Platform.Modules.Sanatoriums.Bookings;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Tests;

/// <summary>Each rule that refuses a booking names itself in Chinese, and a refusal takes no bed.</summary>
public abstract class EligibilityTests<THost>(THost fixture) : IClassFixture<THost> where THost : SanatoriumsHost
{
    private async Task<Refusal> RefusedAsync(long batchId, long veteranId, bool waitlist = true)
    {
        var result = await fixture.BookAsync(SanatoriumsHost.Admin, batchId, veteranId, waitlist: waitlist);
        Assert.Null(result.Booking);
        Assert.Equal(0, await fixture.TakenAsync(batchId));
        return result.Refusal!;
    }

    [Fact]
    public async Task Booking_is_refused_when_the_veteran_is_outside_the_batch_age_range()
    {
        var batch = await fixture.BatchAsync(startInDays: 40, maxAge: 65); // demo veterans are 70 to 100
        var refusal = await RefusedAsync(batch.Id, (await fixture.VeteransAsync("5110", 1))[0]);
        Assert.Equal(Rules.Age, refusal.Rule);
        Assert.Contains("年龄不符：本批次限 65 岁及以下", refusal.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Booking_is_refused_when_the_batch_is_reserved_for_other_regions()
    {
        var batch = await fixture.BatchAsync(startInDays: 60, regions: ["330100"]);
        var refusal = await RefusedAsync(batch.Id, (await fixture.VeteransAsync("5110", 1))[0]);
        Assert.Equal(Rules.Region, refusal.Rule);
        Assert.Contains("本批次只接受杭州市的军休干部预约", refusal.MessageZh, StringComparison.Ordinal);
        // A Hangzhou district's veteran lies inside the reserved city and may book.
        var hangzhou = (await fixture.VeteransAsync("3301", 1))[0];
        Assert.True((await fixture.BookAsync(SanatoriumsHost.Admin, batch.Id, hangzhou)).Booking!.HoldsBeds);
    }

    [Fact]
    public async Task Booking_is_refused_outside_the_booking_window()
    {
        var batch = await fixture.BatchAsync(startInDays: 80, opens: fixture.Now.AddDays(2));
        var veteran = (await fixture.VeteransAsync("5110", 1))[0];
        var early = await RefusedAsync(batch.Id, veteran);
        Assert.Equal(Rules.Window, early.Rule);
        Assert.Contains("本批次预约尚未开始", early.MessageZh, StringComparison.Ordinal);

        fixture.Clock.Advance(TimeSpan.FromDays(80)); // past the close three days before the start
        try
        {
            var late = await RefusedAsync(batch.Id, veteran);
            Assert.Equal(Rules.Window, late.Rule);
            Assert.Contains("本批次预约已于", late.MessageZh, StringComparison.Ordinal);
        }
        finally
        {
            fixture.Clock.Advance(TimeSpan.FromDays(-80));
        }
    }

    [Fact]
    public async Task Booking_is_refused_when_the_room_type_is_full_and_the_veteran_does_not_wait()
    {
        var batch = await fixture.BatchAsync(singleBeds: 1, startInDays: 120);
        var veterans = await fixture.VeteransAsync("5110", 3);
        Assert.True((await fixture.BookAsync(SanatoriumsHost.Admin, batch.Id, veterans[0])).Booking!.HoldsBeds);
        var refused = await fixture.BookAsync(SanatoriumsHost.Admin, batch.Id, veterans[1], waitlist: false);
        Assert.Equal(Rules.Capacity, refused.Refusal!.Rule);
        Assert.Contains("本批次单人间已满（共 1 张床）", refused.Refusal.MessageZh, StringComparison.Ordinal);
        // Joining the waitlist instead is an answer too, and takes no bed.
        Assert.Equal("waitlisted", (await fixture.BookAsync(SanatoriumsHost.Admin, batch.Id, veterans[2])).Booking!.Status);
        Assert.Equal(1, await fixture.TakenAsync(batch.Id));
    }

    [Fact]
    public async Task Booking_is_refused_when_the_veteran_already_has_an_overlapping_stay()
    {
        var first = await fixture.BatchAsync(startInDays: 150);
        var second = await fixture.BatchAsync(startInDays: 153);
        var veteran = (await fixture.VeteransAsync("5110", 4))[3];
        Assert.True((await fixture.BookAsync(SanatoriumsHost.Admin, first.Id, veteran)).Booking!.HoldsBeds);
        var refusal = await RefusedAsync(second.Id, veteran);
        Assert.Equal(Rules.Overlap, refusal.Rule);
        Assert.Contains("期间已有疗养安排，同一时间不能再预约", refusal.MessageZh, StringComparison.Ordinal);
        Assert.Equal(7, await fixture.DbAsync(db => db.StayDays.CountAsync(d => d.VeteranId == veteran)));
    }

    [Fact]
    public async Task The_batch_the_rules_see_is_the_stored_batch_in_every_field()
    {
        var created = await fixture.BatchAsync(startInDays: 230, regions: ["511000", "330100"], minAge: 70, maxAge: 99, doubleBeds: 4);
        var warned = new DateTime(2026, 11, 20, 8, 30, 15, DateTimeKind.Utc);
        await fixture.DbAsync(db => db.Batches.Where(b => b.Id == created.Id).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.RequiresFitnessCheck, true).SetProperty(b => b.MinOccupancy, 6).SetProperty(b => b.OccupancyWarnedAt, warned)));
        var stored = await fixture.DbAsync(db => db.Batches.AsNoTracking().SingleAsync(b => b.Id == created.Id));
        var facts = await fixture.InScopeAsync(sp => sp.GetRequiredService<BookingFactsReader>()
            .ReadAsync(created.Id, RoomKinds.DoubleRoom, "facts-" + Guid.NewGuid().ToString("N"), 1, CancellationToken.None));
        Assert.NotNull(facts);
        // Every property, so a column added to batches and not to the prepared read fails here.
        foreach (var property in typeof(Batch).GetProperties())
            Assert.True(Equals(property.GetValue(stored), property.GetValue(facts.Batch)), $"{property.Name}: {property.GetValue(stored)} ≠ {property.GetValue(facts.Batch)}");
        Assert.Equal(DateTimeKind.Utc, facts.Batch.OccupancyWarnedAt!.Value.Kind);
        Assert.Equal((4, 4, false, false, false), (facts.Beds, facts.Free, facts.HasAccessible, facts.Answered, facts.Overlaps));
    }

    [Fact]
    public async Task An_overlapping_stay_is_refused_not_waitlisted_when_the_other_batch_is_full()
    {
        var first = await fixture.BatchAsync(startInDays: 200);
        var full = await fixture.BatchAsync(singleBeds: 1, startInDays: 203);
        var veterans = await fixture.VeteransAsync("5110", 6);
        Assert.True((await fixture.BookAsync(SanatoriumsHost.Admin, full.Id, veterans[5])).Booking!.HoldsBeds);
        Assert.True((await fixture.BookAsync(SanatoriumsHost.Admin, first.Id, veterans[4])).Booking!.HoldsBeds);
        // The read before the transaction finds the stay: no place on the waitlist for days the veteran is away.
        var refused = await fixture.BookAsync(SanatoriumsHost.Admin, full.Id, veterans[4], waitlist: true);
        Assert.Null(refused.Booking);
        Assert.Equal(Rules.Overlap, refused.Refusal!.Rule);
    }
}

public sealed class EligibilityTests_Sqlite(SqliteSanatoriumsHost host) : EligibilityTests<SqliteSanatoriumsHost>(host);

public sealed class EligibilityTests_Postgres(PostgresSanatoriumsHost host) : EligibilityTests<PostgresSanatoriumsHost>(host);
