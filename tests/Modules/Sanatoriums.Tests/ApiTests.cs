using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Modules.Sanatoriums.Tests;

/// <summary>
/// <c>/api/v1/sanatoriums</c> with real tokens: a liaison officer books (idempotent on <c>Idempotency-Key</c>), refusals
/// carry their rule and Chinese message, the sanatorium's own system confirms, another provider's cannot.
/// </summary>
public abstract class ApiTests<THost>(THost fixture) : IClassFixture<THost> where THost : SanatoriumsHost
{
    private static HttpRequestMessage Booking(long batch, long veteran, string? key, object? extra = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sanatoriums/bookings")
        {
            Content = JsonContent.Create(extra ?? new { batchId = batch, veteranId = veteran, roomType = "double", companionName = "王秀英", companionRelation = "配偶" }),
        };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task A_liaison_books_through_the_api_once_per_idempotency_key_and_the_sanatoriums_system_confirms()
    {
        var batch = await fixture.BatchAsync(startInDays: 50, doubleBeds: 4);
        var veteran = (await fixture.VeteransAsync("5110", 12))[11];
        using var liaison = await fixture.PersonApiAsync("neijiang-liaison");

        var list = await liaison.GetFromJsonAsync<JsonElement>("/api/v1/sanatoriums?region=511000");
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("id").GetInt64() == batch.SanatoriumId);
        var batches = await liaison.GetFromJsonAsync<JsonElement>($"/api/v1/sanatoriums/{batch.SanatoriumId}/batches");
        var rooms = batches[0].GetProperty("rooms");
        Assert.Equal(("double", 4, 0), (rooms[1].GetProperty("roomType").GetString(), rooms[1].GetProperty("beds").GetInt32(), rooms[1].GetProperty("taken").GetInt32()));

        var missingKey = await liaison.SendAsync(Booking(batch.Id, veteran, null));
        Assert.Equal(HttpStatusCode.BadRequest, missingKey.StatusCode);
        Assert.Contains("Idempotency-Key", await missingKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await liaison.SendAsync(Booking(batch.Id, veteran, "api-booking-1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var booking = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = booking.GetProperty("id").GetInt64();
        Assert.Equal(("requested", 2, $"neijiang-liaison（联络员）为 {booking.GetProperty("veteranName").GetString()} 办理"),
            (booking.GetProperty("status").GetString(), booking.GetProperty("beds").GetInt32(), booking.GetProperty("doneBy").GetString()));
        // The client timed out and retries: the same booking, no second bed.
        var retried = await liaison.SendAsync(Booking(batch.Id, veteran, "api-booking-1"));
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(id, (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        Assert.Equal(2, await fixture.TakenAsync(batch.Id));

        // Another provider's system neither sees nor confirms it; without the scope the call is refused outright.
        using var other = await fixture.SystemApiAsync("demo-provider-a", "sanatoriums.read sanatoriums.manage");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/v1/sanatoriums/bookings/{id}/confirm", new { })).StatusCode);
        using var readOnly = await fixture.SystemApiAsync(SanatoriumsHost.Organisation, "sanatoriums.read");
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.PostAsJsonAsync($"/api/v1/sanatoriums/bookings/{id}/confirm", new { })).StatusCode);
        Assert.Equal("requested", (await fixture.ReloadAsync(id)).Status);

        using var desk = await fixture.SystemApiAsync(SanatoriumsHost.Organisation, "sanatoriums.read sanatoriums.manage");
        var confirmed = await desk.PostAsJsonAsync($"/api/v1/sanatoriums/bookings/{id}/confirm", new { comment = "已安排 203 房" });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("confirmed", (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("confirmed", (await desk.GetFromJsonAsync<JsonElement>($"/api/v1/sanatoriums/bookings/{id}")).GetProperty("status").GetString());

        var cancelled = await liaison.PostAsJsonAsync($"/api/v1/sanatoriums/bookings/{id}/cancel", new { comment = "家中有事" });
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(0, await fixture.TakenAsync(batch.Id));
    }

    [Fact]
    public async Task A_refused_booking_answers_a_problem_naming_the_rule_in_chinese()
    {
        var batch = await fixture.BatchAsync(startInDays: 90, minAge: 120);
        var veteran = (await fixture.VeteransAsync("5110", 13))[12];
        using var liaison = await fixture.PersonApiAsync("neijiang-liaison");
        var refused = await liaison.SendAsync(Booking(batch.Id, veteran, "api-age", new { batchId = batch.Id, veteranId = veteran, roomType = "single" }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("age", problem.GetProperty("rule").GetString());
        Assert.StartsWith("年龄不符", problem.GetProperty("title").GetString(), StringComparison.Ordinal);

        var full = await fixture.BatchAsync(singleBeds: 1, startInDays: 95);
        var veterans = await fixture.VeteransAsync("5110", 15);
        Assert.Equal(HttpStatusCode.Created, (await liaison.SendAsync(Booking(full.Id, veterans[13], "api-full-1", new { batchId = full.Id, veteranId = veterans[13], roomType = "single" }))).StatusCode);
        var noBed = await liaison.SendAsync(Booking(full.Id, veterans[14], "api-full-2", new { batchId = full.Id, veteranId = veterans[14], roomType = "single", joinWaitlist = false }));
        Assert.Equal(HttpStatusCode.Conflict, noBed.StatusCode);
        Assert.Equal("capacity", (await noBed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());

        // Zhejiang's bureau cannot book a Sichuan veteran: not found, nothing taken.
        using var zhejiang = await fixture.PersonApiAsync("hangzhou-liaison");
        var outside = await zhejiang.SendAsync(Booking(batch.Id, veteran, "api-outside", new { batchId = full.Id, veteranId = veterans[14], roomType = "single" }));
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Equal(1, await fixture.TakenAsync(full.Id));
    }

    [Fact]
    public async Task A_veteran_cancels_their_own_booking_through_the_api_and_no_one_elses()
    {
        var batch = await fixture.BatchAsync(startInDays: 56);
        var other = (await fixture.VeteransAsync("5110", 30)).Last(v => v != 1);
        var own = (await fixture.BookAsync(SanatoriumsHost.Liaison, batch.Id, 1)).Booking!; // record 1 is veteran-demo's own
        var theirs = (await fixture.BookAsync(SanatoriumsHost.Liaison, batch.Id, other)).Booking!;
        using var self = await fixture.PersonApiAsync("veteran-demo");

        Assert.Equal(HttpStatusCode.NotFound, (await self.PostAsync($"/api/v1/sanatoriums/bookings/{theirs.Id}/cancel", null)).StatusCode);
        // Acting as the veteran reaches only what the module gives the veteran's role: confirming stays the sanatorium's.
        var confirm = await Assert.ThrowsAsync<Platform.Core.PlatformException>(
            () => fixture.FireAsync(SanatoriumsHost.Family(1), own.Id, "confirm"));
        Assert.Equal(403, confirm.Status);
        var cancelled = await self.PostAsJsonAsync($"/api/v1/sanatoriums/bookings/{own.Id}/cancel", new { comment = "身体不适" });
        var body = await cancelled.Content.ReadAsStringAsync();
        Assert.True(cancelled.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("cancelled", (await fixture.ReloadAsync(own.Id)).Status);
        Assert.Equal("requested", (await fixture.ReloadAsync(theirs.Id)).Status);
        Assert.Equal(1, await fixture.TakenAsync(batch.Id)); // the bed went back
        // Cancelling again is a conflict about the state, not a missing process.
        Assert.Equal(HttpStatusCode.Conflict, (await self.PostAsync($"/api/v1/sanatoriums/bookings/{own.Id}/cancel", null)).StatusCode);
    }
}

public sealed class ApiTests_Sqlite(SqliteSanatoriumsHost host) : ApiTests<SqliteSanatoriumsHost>(host);

public sealed class ApiTests_Postgres(PostgresSanatoriumsHost host) : ApiTests<PostgresSanatoriumsHost>(host);
