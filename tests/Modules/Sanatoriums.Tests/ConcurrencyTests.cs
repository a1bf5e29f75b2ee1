using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Modules.Sanatoriums.Bookings;
using Platform.Modules.Sanatoriums.Data;
using Platform.Testing;

namespace Platform.Modules.Sanatoriums.Tests;

/// <summary>Capacity, overlap and idempotency hold under simultaneous requests because the database enforces them.</summary>
public abstract class ConcurrencyTests<THost>(THost fixture) : IClassFixture<THost> where THost : SanatoriumsHost
{
    [Fact]
    public async Task Two_hundred_simultaneous_requests_for_twenty_beds_hold_exactly_twenty_and_answer_every_request()
    {
        var batch = await fixture.BatchAsync(singleBeds: 20, startInDays: 40);
        var veterans = await fixture.VeteransAsync("", 200);
        Assert.Equal(200, veterans.Count);

        using var start = new ManualResetEventSlim();
        // Half join the waitlist when full, half ask to be refused: both answers must be counted.
        var requests = veterans.Select((id, i) => Task.Run(() =>
        {
            start.Wait();
            return fixture.BookAsync(SanatoriumsHost.Admin, batch.Id, id, key: $"c-{batch.Id}-{id}", waitlist: i % 2 == 0);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(requests);

        Assert.Equal(200, results.Length);
        Assert.All(results, r => Assert.True(r.Booking is not null ^ r.Refusal is not null));
        var held = results.Count(r => r.Booking is { HoldsBeds: true });
        var waitlisted = results.Count(r => r.Booking is { Status: BookingStatus.Waitlisted });
        var refused = results.Count(r => r.Refusal is { Rule: Rules.Capacity });
        Assert.Equal(20, held);
        Assert.Equal(200, held + waitlisted + refused);

        var rows = await fixture.DbAsync(db => db.Bookings.AsNoTracking().Where(b => b.BatchId == batch.Id).ToListAsync());
        Assert.Equal(20, rows.Count(b => b.HoldsBeds));
        Assert.Equal(waitlisted, rows.Count(b => b.Status == BookingStatus.Waitlisted));
        Assert.Equal(rows.Count, rows.Select(b => b.VeteranId).Distinct().Count()); // no veteran booked twice
        Assert.Equal(20, await fixture.TakenAsync(batch.Id));
        Assert.All(rows.Where(b => b.HoldsBeds), b => Assert.NotNull(b.WorkflowInstanceId));
        // Every held booking owns exactly its seven nights, nobody else's.
        Assert.Equal(20 * 7, await fixture.DbAsync(db => db.StayDays.CountAsync(d => rows.Select(r => r.Id).Contains(d.BookingId))));
    }

    [Fact]
    public async Task A_node_runs_at_most_four_booking_transactions_per_batch_at_once_on_postgres_and_answers_every_request()
    {
        var batch = await fixture.BatchAsync(singleBeds: 25, startInDays: 60);
        var veterans = await fixture.VeteransAsync("", 60);
        using var start = new ManualResetEventSlim();
        var requests = veterans.Select(id => Task.Run(() => { start.Wait(); return fixture.BookAsync(SanatoriumsHost.Admin, batch.Id, id, waitlist: false); })).ToList();
        start.Set();
        var results = await Task.WhenAll(requests);

        Assert.Equal(25, results.Count(r => r.Booking is { HoldsBeds: true }));
        Assert.Equal(35, results.Count(r => r.Refusal is { Rule: Rules.Capacity }));
        Assert.Equal(25, await fixture.TakenAsync(batch.Id));
        // The others waited for a turn without a connection; SQLite has one writer at a time anyway (no gate).
        var most = fixture.Host.Services.GetRequiredService<BookingWriteGate>().MostInside(batch.Id, RoomKinds.SingleRoom);
        if (fixture.Host.Kind == Platform.Core.Data.DatabaseKind.Postgres) Assert.InRange(most, 1, 4);
        else Assert.Equal(0, most);
    }

    [Fact]
    public async Task The_same_veteran_requesting_seven_overlapping_batches_at_once_gets_exactly_one_stay()
    {
        var batches = new List<Batch>();
        // Week-long stays starting on seven consecutive days: every pair shares at least one night.
        for (var i = 0; i < 7; i++) batches.Add(await fixture.BatchAsync(singleBeds: 5, startInDays: 100 + i));
        var veteran = (await fixture.VeteransAsync("", 1))[0];

        using var start = new ManualResetEventSlim();
        var requests = batches.Select(b => Task.Run(() => { start.Wait(); return fixture.BookAsync(SanatoriumsHost.Admin, b.Id, veteran); })).ToList();
        start.Set();
        var results = await Task.WhenAll(requests);

        Assert.Single(results, r => r.Booking is { HoldsBeds: true });
        Assert.Equal(6, results.Count(r => r.Refusal is { Rule: Rules.Overlap }));
        var taken = 0;
        foreach (var b in batches) taken += await fixture.TakenAsync(b.Id);
        Assert.Equal(1, taken); // the refused requests' beds were given back with their rolled-back transactions
    }

    [Fact]
    public async Task A_retried_request_returns_the_first_answer_and_never_books_twice()
    {
        var batch = await fixture.BatchAsync(singleBeds: 5, startInDays: 200);
        var veteran = (await fixture.VeteransAsync("", 2))[1];

        using var start = new ManualResetEventSlim();
        var retries = Enumerable.Range(0, 20).Select(_ => Task.Run(() => { start.Wait(); return fixture.BookAsync(SanatoriumsHost.Admin, batch.Id, veteran, key: "retry-1"); })).ToList();
        start.Set();
        var results = await Task.WhenAll(retries);

        var id = Assert.Single(results.Select(r => r.Booking!.Id).Distinct());
        Assert.Single(results, r => !r.Replayed);
        Assert.Equal(1, await fixture.TakenAsync(batch.Id));
        Assert.Equal(1, await fixture.DbAsync(db => db.Bookings.CountAsync(b => b.IdempotencyKey == "retry-1")));
        Assert.True((await fixture.BookAsync(SanatoriumsHost.Admin, batch.Id, veteran, key: "retry-1")).Replayed);
        Assert.Equal(id, (await fixture.BookAsync(SanatoriumsHost.Admin, batch.Id, veteran, key: "retry-1")).Booking!.Id);
    }

    [Fact]
    public async Task A_booking_holds_its_beds_in_one_transaction_without_savepoints_and_its_context_keeps_its_setting()
    {
        var batch = await fixture.BatchAsync(singleBeds: 2, startInDays: 300);
        var veteran = (await fixture.VeteransAsync("5110", 1))[0];
        using var savepoints = new SavepointWatch();
        var kept = await fixture.InScopeAsync(async sp =>
        {
            var result = await sp.GetRequiredService<BookingService>().RequestAsync(SanatoriumsHost.Admin,
                new BookingRequest(batch.Id, veteran, RoomKinds.SingleRoom, Guid.NewGuid().ToString("N")));
            Assert.True(result.Booking!.HoldsBeds);
            return sp.GetRequiredService<SanatoriumsDbContext>().Database.AutoSavepointsEnabled;
        });
        // Any failure rolls the whole transaction back, so neither the booking's nor its process's writes need one.
        Assert.Equal(0, savepoints.Count);
        Assert.True(kept);
        Assert.Equal(1, await fixture.TakenAsync(batch.Id));
    }
}

public sealed class ConcurrencyTests_Sqlite(SqliteSanatoriumsHost host) : ConcurrencyTests<SqliteSanatoriumsHost>(host);

public sealed class ConcurrencyTests_Postgres(PostgresSanatoriumsHost host) : ConcurrencyTests<PostgresSanatoriumsHost>(host);
