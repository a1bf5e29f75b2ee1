using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Platform.Modules.Sanatoriums.Data;
using Platform.Testing;

namespace Platform.Modules.Sanatoriums.Tests;

/// <summary>The admin pages in Chinese, signed in through the platform's OAuth server: the sanatorium's staff and a liaison officer.</summary>
public abstract partial class AdminPagesTests<THost>(THost fixture) : IClassFixture<THost> where THost : SanatoriumsHost
{
    private async Task<HttpClient> SignedInAsync(string user)
    {
        var browser = fixture.Host.CreateBrowser();
        await browser.SignInToAdminAsync(user);
        return browser;
    }

    [GeneratedRegex("name=\"RequestKey\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex RequestKey();

    [Fact]
    public async Task Staff_register_a_sanatorium_and_a_batch_a_liaison_books_with_refusals_explained_and_staff_confirm()
    {
        var desk = await SignedInAsync("sanatorium-desk");
        var created = await desk.PostFormAsync("/admin/sanatoriums", new()
        {
            ["OrganisationId"] = SanatoriumsHost.Organisation, ["Name"] = "甜城康养疗养院（西院）", ["Location"] = "内江市市中区西林路 8 号", ["Services"] = "理疗、中医调理",
            ["MedicalSupport"] = "医护 24 小时值班", ["SingleBeds"] = "4", ["DoubleBeds"] = "4", ["AccessibleBeds"] = "2",
        }, "Create");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = created.Headers.Location!.OriginalString;
        var start = fixture.Today.AddDays(30);
        var batchForm = await desk.PostFormAsync(page, new()
        {
            ["Title"] = "页面新建试点批次", ["StartDate"] = $"{start:yyyy-MM-dd}", ["EndDate"] = $"{start.AddDays(10):yyyy-MM-dd}", ["Price"] = "2380",
            ["SingleBeds"] = "2", ["DoubleBeds"] = "4", ["AccessibleBeds"] = "2", ["MinOccupancy"] = "3", ["RequiresFitnessCheck"] = "true",
        }, "Batch");
        var batchHtml = await batchForm.Content.ReadAsStringAsync();
        Assert.Contains("批次已创建", batchHtml, StringComparison.Ordinal);
        var batch = await fixture.DbAsync(db => db.Batches.AsNoTracking().SingleAsync(b => b.Title == "页面新建试点批次"));
        Assert.Equal((true, 3, 238000L), (batch.RequiresFitnessCheck, batch.MinOccupancy, batch.PriceFen));

        // Another provider's staff do not see it.
        var other = await SignedInAsync("provider-a");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(page)).StatusCode);
        Assert.DoesNotContain("甜城康养疗养院（西院）", await other.GetStringAsync("/admin/sanatoriums"), StringComparison.Ordinal);

        var liaison = await SignedInAsync("neijiang-liaison");
        Assert.Contains("甜城康养疗养院（西院）", await liaison.GetStringAsync("/admin/sanatoriums?region=511000"), StringComparison.Ordinal);
        var batchPage = $"/admin/sanatoriums/batches/{batch.Id}";
        var veteran = (await fixture.VeteransAsync("5110", 41))[40];
        Dictionary<string, string> Form(string room, string? mobility, string key) => new()
        {
            ["VeteranId"] = $"{veteran}", ["RoomType"] = room, ["Mobility"] = mobility ?? "", ["CompanionName"] = "周桂兰", ["CompanionRelation"] = "配偶",
            ["JoinWaitlist"] = "true", ["RequestKey"] = key,
        };
        var key = RequestKey().Match(await liaison.GetStringAsync(batchPage)).Groups[1].Value;
        var refused = await liaison.PostFormAsync(batchPage, Form(RoomKinds.DoubleRoom, Mobility.Wheelchair, key), "Book");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("data-rule=\"mobility\"", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("不符合的规则：无障碍房间", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("须安排无障碍间", refusedHtml, StringComparison.Ordinal);
        var invalid = await liaison.PostFormAsync(batchPage, Form(RoomKinds.SingleRoom, null, key), "Book");
        Assert.Contains("陪同人员须填写姓名", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var booked = await liaison.PostFormAsync(batchPage, Form(RoomKinds.AccessibleRoom, Mobility.Wheelchair, key), "Book");
        Assert.Equal(HttpStatusCode.Redirect, booked.StatusCode);
        var bookingPage = booked.Headers.Location!.OriginalString;
        // The same form sent again (a double click): the same booking.
        Assert.Equal(bookingPage, (await liaison.PostFormAsync(batchPage, Form(RoomKinds.AccessibleRoom, Mobility.Wheelchair, key), "Book")).Headers.Location!.OriginalString);
        var bookingHtml = await liaison.GetStringAsync(bookingPage);
        Assert.Matches("neijiang-liaison（联络员）为 \\S+ 办理", bookingHtml);
        Assert.Contains("周桂兰（配偶）", bookingHtml, StringComparison.Ordinal);
        Assert.Contains("尚未签字", bookingHtml, StringComparison.Ordinal);

        // The sanatorium's staff confirm; check-in waits for the doctor's signature.
        var confirmed = await (await desk.PostFormAsync(bookingPage, new() { ["transition"] = "confirm", ["Comment"] = "安排 101 无障碍间" }, "Fire")).Content.ReadAsStringAsync();
        Assert.Contains("已确认", confirmed, StringComparison.Ordinal);
        Assert.Contains("sanatorium-desk：确认预约（安排 101 无障碍间）", confirmed, StringComparison.Ordinal);
        var early = await desk.PostFormAsync(bookingPage, new() { ["transition"] = "check-in" }, "Fire");
        Assert.Contains("由医生签字确认", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await desk.PostFormAsync(bookingPage, new() { ["Doctor"] = "刘建国" }, "Fitness");
        Assert.Contains("已入住", await (await desk.PostFormAsync(bookingPage, new() { ["transition"] = "check-in" }, "Fire")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var occupancy = await desk.GetStringAsync(batchPage);
        Assert.Contains($"<td>{start:yyyy-MM-dd}</td>", occupancy, StringComparison.Ordinal);
        Assert.Contains("<td>2 / 2</td>", occupancy, StringComparison.Ordinal); // the accessible room: veteran and spouse
        Assert.DoesNotContain("id=\"booking-form\"", occupancy, StringComparison.Ordinal); // staff do not book
    }
}

public abstract partial class AdminPagesTests<THost>
{
    [GeneratedRegex("name=\"MoveKey\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex MoveKey();

    [Fact]
    public async Task A_liaison_moves_a_booking_to_another_batch_from_its_page()
    {
        var from = await fixture.BatchAsync(startInDays: 130);
        var to = await fixture.BatchAsync(startInDays: 160);
        var booking = (await fixture.BookAsync(SanatoriumsHost.Liaison, from.Id, (await fixture.VeteransAsync("5110", 68))[67])).Booking!;
        var liaison = await SignedInAsync("neijiang-liaison");
        var page = $"/admin/sanatoriums/bookings/{booking.Id}?region=511000";
        var html = await liaison.GetStringAsync(page);
        Assert.Contains($"<option value=\"{to.Id}\">", html, StringComparison.Ordinal);
        var moved = await liaison.PostFormAsync(page, new() { ["MoveTo"] = $"{to.Id}", ["MoveKey"] = MoveKey().Match(html).Groups[1].Value }, "Move");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var newPage = await liaison.GetStringAsync(moved.Headers.Location!.OriginalString);
        Assert.Contains("由“第40日批次”改期而来".Replace("40", "130", StringComparison.Ordinal), newPage, StringComparison.Ordinal);
        Assert.Equal(BookingStatus.Cancelled, (await fixture.ReloadAsync(booking.Id)).Status);
    }
}

public sealed class AdminPagesTests_Sqlite(SqliteSanatoriumsHost host) : AdminPagesTests<SqliteSanatoriumsHost>(host);

public sealed class AdminPagesTests_Postgres(PostgresSanatoriumsHost host) : AdminPagesTests<PostgresSanatoriumsHost>(host);
