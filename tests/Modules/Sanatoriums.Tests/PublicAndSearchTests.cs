using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Search;
using Platform.Core.Search;
using Platform.Modules.Sanatoriums.Catalogue;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Tests;

/// <summary>The demo data, the public page per region and the search documents.</summary>
public abstract class PublicAndSearchTests<THost>(THost fixture) : IClassFixture<THost> where THost : SanatoriumsHost
{
    private async Task<SearchResults> SearchAsync(string text, string region)
    {
        await fixture.Host.Services.GetRequiredService<LuceneSearchIndex>().CatchUpAsync();
        return await fixture.Host.Services.GetRequiredService<ISearchIndex>().SearchAsync(new SearchQuery(text, region, SanatoriumsModule.Id));
    }

    [Fact]
    public async Task The_demo_has_two_sanatoriums_three_batches_and_bookings_made_by_the_liaison_two_of_them_confirmed()
    {
        var names = await fixture.DbAsync(db => db.Sanatoriums.Where(s => s.CreatedBy == "demo").OrderBy(s => s.Id).Select(s => s.Name).ToListAsync());
        Assert.Equal(["甜城康养疗养院（东院）", "甜城康养疗养院·圣水温泉分院"], names);
        Assert.Equal(3, await fixture.DbAsync(db => db.Batches.CountAsync(b => b.CreatedBy == "demo")));
        var bookings = await fixture.DbAsync(db => db.Bookings.Where(b => b.IdempotencyKey.StartsWith("demo-booking-")).OrderBy(b => b.Id).ToListAsync());
        Assert.Equal(4, bookings.Count);
        Assert.All(bookings, b => Assert.Equal("neijiang-liaison", b.ActedBy));
        Assert.Equal([BookingStatus.Confirmed, BookingStatus.Confirmed, BookingStatus.Requested, BookingStatus.Requested], bookings.Select(b => b.Status));
        Assert.Equal("王秀英", bookings[0].CompanionName);
    }

    [Fact]
    public async Task The_regions_public_page_lists_sanatoriums_with_their_open_batches_and_free_beds_in_large_type()
    {
        var client = fixture.Host.CreateClient();
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/r/511002/sanatoriums/"));
        Assert.Contains("甜城康养疗养院·圣水温泉分院", html, StringComparison.Ordinal);
        Assert.Contains("温泉疗养班", html, StringComparison.Ordinal);
        Assert.Contains("空余床位：单人间 6 张、双人间 8 张、无障碍间 2 张", html, StringComparison.Ordinal);
        Assert.Contains("春季康养第二期（内江专场）", html, StringComparison.Ordinal);
        Assert.Contains("入住前须体检合格", html, StringComparison.Ordinal);
        // Hangzhou's page: neither the Neijiang sanatoriums nor anyone's bookings.
        var hangzhou = await client.GetAsync("/r/330100/sanatoriums/");
        Assert.Equal(HttpStatusCode.OK, hangzhou.StatusCode);
        Assert.DoesNotContain("甜城康养", await hangzhou.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("王秀英", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_finds_sanatoriums_with_their_next_open_batches_in_the_regions_subtree_and_follows_changes()
    {
        await fixture.Host.Services.GetRequiredService<LuceneSearchIndex>().RebuildAsync(null);
        var hit = Assert.Single((await SearchAsync("温泉", "511000")).Hits);
        Assert.Equal("甜城康养疗养院·圣水温泉分院", hit.Title);
        Assert.StartsWith("/r/511000/sanatoriums/#sanatorium-", hit.Url, StringComparison.Ordinal);
        Assert.Empty((await SearchAsync("温泉", "330000")).Hits);

        // A new batch is searchable at once (the service marks the sanatorium changed).
        var sanatorium = await fixture.DbAsync(db => db.Sanatoriums.SingleAsync(s => s.Name == "甜城康养疗养院·圣水温泉分院"));
        var start = fixture.Today.AddDays(100);
        await fixture.InScopeAsync(sp => sp.GetRequiredService<SanatoriumService>().CreateBatchAsync(SanatoriumsHost.Admin, sanatorium.Id,
            new BatchInput("重阳节敬老专列", start, start.AddDays(5), 980m, new Dictionary<string, int> { [RoomKinds.SingleRoom] = 4 }, [], fixture.Now,
                fixture.Now.AddDays(90))));
        Assert.Equal(hit.Key, Assert.Single((await SearchAsync("重阳节敬老专列", "511000")).Hits).Key);
    }
}

public sealed class PublicAndSearchTests_Sqlite(SqliteSanatoriumsHost host) : PublicAndSearchTests<SqliteSanatoriumsHost>(host);

public sealed class PublicAndSearchTests_Postgres(PostgresSanatoriumsHost host) : PublicAndSearchTests<PostgresSanatoriumsHost>(host);
