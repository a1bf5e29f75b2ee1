using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Data;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Site;

namespace Platform.Modules.Providers.Tests;

/// <summary>
/// The public providers page of a city never fails for one record's content: it shows a bounded summary of each record
/// and a page of providers at a time, so neither a record stored before the length limits nor a long list passes the
/// template's 2 MB output limit.
/// </summary>
public abstract partial class PublicListingTests<THost>(THost fixture) : IClassFixture<THost> where THost : ProvidersHost
{
    private const int FiveMegabytes = 5 * 1024 * 1024;

    [GeneratedRegex("<li class=\"provider\">")]
    private static partial Regex ProviderItem();

    [Fact]
    public async Task A_5_MB_record_written_straight_into_the_database_leaves_the_city_page_answering_200()
    {
        var huge = new string('长', FiveMegabytes);
        var offeringId = await fixture.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProvidersDbContext>();
            if (fixture.Host.Kind == DatabaseKind.Postgres)
            {
                // PostgreSQL's varchar columns would refuse the value: make them what an unbounded column was.
                await db.Database.ExecuteSqlRawAsync(
                    "ALTER TABLE providers_offerings ALTER COLUMN \"Description\" TYPE text, ALTER COLUMN \"OpeningHours\" TYPE text, "
                    + "ALTER COLUMN \"Accessibility\" TYPE text, ALTER COLUMN \"Title\" TYPE text;"
                    + "ALTER TABLE providers_organisations ALTER COLUMN \"Address\" TYPE text, ALTER COLUMN \"LegalName\" TYPE text;");
            }
            var provider = await db.Providers.SingleAsync(p => p.OrganisationId == "demo-provider-a");
            var offering = await db.Offerings.Where(o => o.ProviderId == provider.Id && !o.Withdrawn).OrderBy(o => o.Id).FirstAsync();
            await db.Database.ExecuteSqlAsync($"""
                UPDATE providers_offerings SET "Description" = {huge}, "OpeningHours" = {huge}, "Accessibility" = {huge}, "Title" = {huge}
                WHERE "Id" = {offering.Id}
                """);
            await db.Database.ExecuteSqlAsync(
                $"UPDATE providers_organisations SET \"Address\" = {huge}, \"LegalName\" = {"内江市甲助餐" + huge} WHERE \"Id\" = {provider.Id}");
            return offering.Id;
        });

        using var browser = fixture.Host.CreateClient();
        var response = await browser.GetAsync($"/r/511000/providers/?fresh={Guid.NewGuid():N}");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(html.Length < 512 * 1024, $"The page is {html.Length:N0} characters.");
        Assert.Contains($"id=\"offering-{offeringId}\"", html, StringComparison.Ordinal);
        Assert.Contains("内江市甲助餐长长", html, StringComparison.Ordinal); // the name, cut
        Assert.Contains("长…", html, StringComparison.Ordinal);
        Assert.Contains("0832-2000001", html, StringComparison.Ordinal); // what a visitor needs is still there
    }

    [Fact]
    public async Task A_city_with_many_providers_is_shown_a_page_at_a_time_and_many_offerings_are_counted()
    {
        var now = DateTime.UtcNow;
        await fixture.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProvidersDbContext>();
            for (var i = 0; i < 2 * PublicPages.ProvidersPerPage + 5; i++)
                db.Providers.Add(new Provider
                {
                    OrganisationId = $"list-test-{i:D3}", LegalName = $"列表测试家政服务第{i:D3}号", CreditCode = $"LISTTEST{i:D10}",
                    Category = "housekeeping",
                    HomeRegion = "511000", Status = ProviderStatus.Approved, ContactName = "李经理", ContactPhone = $"0832-3{i:D6}",
                    CreatedAt = now, UpdatedAt = now, Regions = [new ProviderRegion { RegionCode = "511000" }],
                });
            await db.SaveChangesAsync();
            var first = await db.Providers.SingleAsync(p => p.OrganisationId == "list-test-000");
            for (var i = 0; i < PublicPages.OfferingsPerProvider + 2; i++)
                db.Offerings.Add(new Offering
                {
                    ProviderId = first.Id, Type = "housekeeping", Title = $"保洁{i:D2}", Description = "上门保洁", OpeningHours = "每日 8:00–18:00",
                    PriceFen = 5000, Unit = "次", CreatedAt = now, UpdatedAt = now, UpdatedBy = "test",
                    Regions = [new OfferingRegion { RegionCode = "511000" }],
                });
            await db.SaveChangesAsync();
        });

        using var browser = fixture.Host.CreateClient();
        var first = await browser.GetStringAsync($"/r/511000/providers/?fresh={Guid.NewGuid():N}");
        var total = int.Parse(Regex.Match(first, "共 (\\d+) 页").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(total >= 3, first);
        Assert.Equal(PublicPages.ProvidersPerPage, ProviderItem().Count(first));
        Assert.Contains("/r/511000/providers/?page=2", first, StringComparison.Ordinal);
        Assert.Contains("另有 2 项服务", first, StringComparison.Ordinal);
        Assert.Contains("保洁09", first, StringComparison.Ordinal);
        Assert.DoesNotContain("保洁10", first, StringComparison.Ordinal);

        var last = await browser.GetStringAsync($"/r/511000/providers/?page={total}");
        Assert.InRange(ProviderItem().Count(last), 1, PublicPages.ProvidersPerPage);
        Assert.Contains("上一页", last, StringComparison.Ordinal);
        Assert.DoesNotContain("下一页", last, StringComparison.Ordinal);
        // A page past the end shows the last one rather than an empty list.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/r/511000/providers/?page={total + 5}")).StatusCode);
    }
}

public sealed class PublicListingTests_Sqlite(SqliteProvidersHost fixture) : PublicListingTests<SqliteProvidersHost>(fixture);

public sealed class PublicListingTests_Postgres(PostgresProvidersHost fixture) : PublicListingTests<PostgresProvidersHost>(fixture);
