using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Modules.Sanatoriums.Bookings;

namespace Platform.Modules.Sanatoriums.Tests;

/// <summary>The family's iCalendar feed: a secret link (stored hashed, re-issuing revokes), RFC 5545 text, live stays only.</summary>
public abstract class CalendarFeedTests<THost>(THost fixture) : IClassFixture<THost> where THost : SanatoriumsHost
{
    /// <summary>Checks the physical lines (CRLF, at most 75 octets) and unfolds them into (name with parameters, value).</summary>
    private static List<(string Name, string Value)> Parse(string ics)
    {
        Assert.EndsWith("\r\n", ics, StringComparison.Ordinal);
        var physical = ics[..^2].Split("\r\n");
        Assert.DoesNotContain(physical, l => l.Contains('\n', StringComparison.Ordinal) || l.Contains('\r', StringComparison.Ordinal));
        Assert.All(physical, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"longer than 75 octets: {l}"));
        var logical = new List<string>();
        foreach (var line in physical)
        {
            if (line.StartsWith(' ')) logical[^1] += line[1..];
            else logical.Add(line);
        }
        return logical.Select(l => (l[..l.IndexOf(':', StringComparison.Ordinal)], l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..])).ToList();
    }

    private static string Unescape(string value) =>
        value.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\,", ",", StringComparison.Ordinal).Replace("\\;", ";", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    [Fact]
    public async Task The_family_feed_lists_requested_and_confirmed_stays_as_all_day_events_and_a_new_link_revokes_the_old()
    {
        var veteran = (await fixture.VeteransAsync("5110", 20))[19];
        var first = await fixture.BatchAsync(startInDays: 45, doubleBeds: 2);
        var second = await fixture.BatchAsync(startInDays: 70);
        var third = await fixture.BatchAsync(startInDays: 100);
        var confirmed = (await fixture.BookAsync(SanatoriumsHost.Liaison, first.Id, veteran, companion: new Companion("李淑芬, 老伴; 同住", "配偶"))).Booking!;
        await fixture.FireAsync(SanatoriumsHost.Staff, confirmed.Id, "confirm");
        var requested = (await fixture.BookAsync(SanatoriumsHost.Liaison, second.Id, veteran)).Booking!;
        var cancelled = (await fixture.BookAsync(SanatoriumsHost.Liaison, third.Id, veteran)).Booking!;
        await fixture.FireAsync(SanatoriumsHost.Liaison, cancelled.Id, "cancel");

        using var family = await fixture.PersonApiAsync("veteran-demo"); // record 1's own login: another veteran's feed is not theirs
        Assert.Equal(HttpStatusCode.NotFound, (await family.PostAsync($"/api/v1/sanatoriums/veterans/{veteran}/calendar-feed", null)).StatusCode);
        using var liaison = await fixture.PersonApiAsync("neijiang-liaison");
        var issued = await (await liaison.PostAsync($"/api/v1/sanatoriums/veterans/{veteran}/calendar-feed", null)).Content.ReadFromJsonAsync<JsonElement>();
        var path = issued.GetProperty("path").GetString()!;
        Assert.Matches(@"^/r/5110\d\d/sanatoriums/calendar/[A-Za-z0-9_-]{43}\.ics$", path);
        var token = path[(path.LastIndexOf('/') + 1)..^4];
        Assert.False(await fixture.DbAsync(db => db.CalendarFeeds.AnyAsync(f => f.TokenHash.Contains(token))));

        var anonymous = fixture.Host.CreateClient();
        var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var lines = Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(("BEGIN", "VCALENDAR"), lines[0]);
        Assert.Equal(("END", "VCALENDAR"), lines[^1]);
        Assert.Contains(("VERSION", "2.0"), lines);
        Assert.Single(lines, l => l.Name == "PRODID");

        var events = new List<Dictionary<string, string>>();
        foreach (var (name, value) in lines)
        {
            if (name == "BEGIN" && value == "VEVENT") events.Add([]);
            else if (name == "END" && value == "VEVENT") continue;
            else if (events.Count > 0 && name is not "END") events[^1][name] = value;
        }
        Assert.Equal(2, events.Count);
        Assert.Equal([$"sanatorium-booking-{confirmed.Id}@junxiu-platform", $"sanatorium-booking-{requested.Id}@junxiu-platform"], events.Select(e => e["UID"]));
        Assert.Equal(($"{first.StartDate:yyyyMMdd}", $"{first.EndDate.AddDays(1):yyyyMMdd}", "CONFIRMED"),
            (events[0]["DTSTART;VALUE=DATE"], events[0]["DTEND;VALUE=DATE"], events[0]["STATUS"]));
        Assert.Equal("TENTATIVE", events[1]["STATUS"]);
        Assert.Matches(@"^\d{8}T\d{6}Z$", events[0]["DTSTAMP"]);
        Assert.Contains("同住陪同：李淑芬\\, 老伴\\; 同住（配偶）", events[0]["DESCRIPTION"], StringComparison.Ordinal);
        Assert.Contains($"neijiang-liaison（联络员）为 {confirmed.VeteranName} 办理", Unescape(events[0]["DESCRIPTION"]), StringComparison.Ordinal);
        Assert.StartsWith(confirmed.VeteranName + "疗养：", events[0]["SUMMARY"], StringComparison.Ordinal);

        // A new link: the old one stops working at once.
        var again = await (await liaison.PostAsync($"/api/v1/sanatoriums/veterans/{veteran}/calendar-feed", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(again.GetProperty("path").GetString())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(path.Replace(token, token[..^2] + "xx", StringComparison.Ordinal))).StatusCode);
    }

    [Fact]
    public void Long_chinese_lines_fold_at_75_octets_without_splitting_a_character()
    {
        var text = new Calendars.IcsWriter().Text("DESCRIPTION", new string('疗', 60) + ", 完").ToString();
        var lines = Parse(text);
        Assert.Equal(("DESCRIPTION", new string('疗', 60) + "\\, 完"), Assert.Single(lines));
        Assert.True(text.Split("\r\n").Length > 3);
    }
}

public sealed class CalendarFeedTests_Sqlite(SqliteSanatoriumsHost host) : CalendarFeedTests<SqliteSanatoriumsHost>(host);

public sealed class CalendarFeedTests_Postgres(PostgresSanatoriumsHost host) : CalendarFeedTests<PostgresSanatoriumsHost>(host);
