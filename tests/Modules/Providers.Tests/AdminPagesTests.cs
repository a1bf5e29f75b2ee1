using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Documents;
using Platform.Testing;

namespace Platform.Modules.Providers.Tests;

/// <summary>The provider portal and the bureau's pages in the admin, signed in through the platform's OAuth server.</summary>
public abstract partial class AdminPagesTests<THost>(THost fixture) : IClassFixture<THost> where THost : ProvidersHost
{
    private Task<T> DbAsync<T>(Func<ProvidersDbContext, Task<T>> query) => fixture.InScopeAsync(sp => query(sp.GetRequiredService<ProvidersDbContext>()));

    private Task<Provider> ProviderAsync(string legalName) => DbAsync(db => db.Providers.AsNoTracking().SingleAsync(p => p.LegalName == legalName));

    private async Task<HttpClient> SignedInAsync(string user)
    {
        var browser = fixture.Host.CreateBrowser();
        await browser.SignInToAdminAsync(user);
        return browser;
    }

    private static Dictionary<string, string> Offering(string title, string price) => new()
    {
        ["Offering.Type"] = "canteen", ["Offering.Title"] = title, ["Offering.Description"] = "午餐送到家门口", ["Offering.Regions"] = "511002",
        ["Offering.OpeningHours"] = "每日 10:30–12:30", ["Offering.Capacity"] = "40", ["Offering.Price"] = price, ["Offering.Unit"] = "餐",
    };

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient browser, string page, string kind, byte[] scan, string expires)
    {
        var token = TokenPattern().Match(await browser.GetStringAsync(page)).Groups[1].Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" },
            { new StringContent(kind), "DocumentKind" }, { new StringContent(expires), "DocumentExpires" },
            { new ByteArrayContent(scan), "DocumentFile", "scan.pdf" },
        };
        return await browser.PostAsync(page + "?handler=Upload", form);
    }

    [Fact]
    public async Task A_provider_admin_keeps_its_profile_documents_and_offerings_in_the_admin_with_Chinese_errors_that_keep_what_was_typed()
    {
        var a = await ProviderAsync("内江市甲助餐服务有限公司");
        var browser = await SignedInAsync("provider-a");
        var index = await browser.GetStringAsync("/admin/providers");
        Assert.Contains($"href=\"/admin/providers/{a.Id}\"", index, StringComparison.Ordinal);
        // Provider staff have no region, yet the menu leads them to their organisation (and not to the bureau's pages).
        Assert.Contains("<a href=\"/admin/providers\" aria-current=\"page\" data-module=\"Providers\">", index, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/admin/providers/prices\"", index, StringComparison.Ordinal);
        Assert.DoesNotContain("杭州乙出行服务有限公司", index, StringComparison.Ordinal);

        var page = $"/admin/providers/{a.Id}";
        var detail = await browser.GetStringAsync(page);
        Assert.Contains("id=\"document-business-licence\"", detail, StringComparison.Ordinal);
        Assert.Contains("食品经营许可证", detail, StringComparison.Ordinal);

        // A price that is not a number: refused in Chinese, the typed title stays, nothing saved.
        var bad = await browser.PostFormAsync(page, Offering("页面新增午餐", "十五块"), handler: "Offering");
        var badText = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("价格“十五块”无法识别", badText, StringComparison.Ordinal);
        Assert.Contains("value=\"页面新增午餐\"", badText, StringComparison.Ordinal);
        Assert.False(await DbAsync(db => db.Offerings.AnyAsync(o => o.Title == "页面新增午餐")));

        var created = await browser.PostFormAsync(page, Offering("页面新增午餐", "16.5"), handler: "Offering");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var offering = await DbAsync(db => db.Offerings.AsNoTracking().SingleAsync(o => o.Title == "页面新增午餐"));
        Assert.Equal((1650L, a.Id, "provider-a"), (offering.PriceFen, offering.ProviderId, offering.UpdatedBy));

        var edited = await browser.PostFormAsync($"/admin/providers/offerings/{offering.Id}", Offering("页面新增午餐（含汤）", "17"));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal((1700L, "页面新增午餐（含汤）"), await DbAsync(async db => (await db.Offerings.AsNoTracking().SingleAsync(o => o.Id == offering.Id)) is var o ? (o.PriceFen, o.Title) : default));

        // Documents: a text file is refused by content, a real scan replaces the older licence and shows its expiry.
        var notScan = await UploadAsync(browser, page, DocumentKinds.BusinessLicence, TestFiles.NotAScan(), "2029-12-31");
        Assert.Equal(HttpStatusCode.BadRequest, notScan.StatusCode);
        Assert.Contains("PDF 或图片", await notScan.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var badDate = await UploadAsync(browser, page, DocumentKinds.BusinessLicence, TestFiles.Pdf(), "明年");
        Assert.Contains("有效期“明年”无法识别", await badDate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var uploaded = await UploadAsync(browser, page, DocumentKinds.BusinessLicence, TestFiles.Pdf("renewed"), "2029-12-31");
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        Assert.Contains("2029-12-31", await uploaded.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var licences = await DbAsync(db => db.Documents.AsNoTracking().Where(d => d.ProviderId == a.Id && d.Kind == DocumentKinds.BusinessLicence).OrderBy(d => d.Id).ToListAsync());
        Assert.Equal(2, licences.Count);
        Assert.NotNull(licences[0].ReplacedAt);
        Assert.Equal((new DateTime(2029, 12, 31), "provider-a"), (licences[1].ExpiresOn, licences[1].UploadedBy));

        // Contacts: an empty phone is refused and the typed name stays; a good one is saved.
        var fields = new Dictionary<string, string>
        {
            ["LegalName"] = a.LegalName, ["Category"] = "canteen", ["Regions"] = "511000", ["ContactName"] = "王主任", ["ContactPhone"] = "", ["Address"] = "玉溪路 8 号",
        };
        var noPhone = await browser.PostFormAsync(page, fields, handler: "Save");
        Assert.Equal(HttpStatusCode.BadRequest, noPhone.StatusCode);
        Assert.Contains("value=\"王主任\"", await noPhone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        fields["ContactPhone"] = "0832-2000999";
        Assert.Equal(HttpStatusCode.OK, (await browser.PostFormAsync(page, fields, handler: "Save")).StatusCode);
        Assert.Equal(("王主任", "0832-2000999"), await DbAsync(async db => (await db.Providers.AsNoTracking().SingleAsync(p => p.Id == a.Id)) is var p ? (p.ContactName, p.ContactPhone) : default));
    }

    [Fact]
    public async Task Another_organisations_records_answer_403_or_404_in_the_portal_and_stay_unchanged()
    {
        var sanatorium = await ProviderAsync("内江市甜城康养疗养院"); // approved: public
        var waiting = await ProviderAsync("东兴区乐龄理发助浴店"); // not approved: hidden
        var hangzhou = await ProviderAsync("杭州乙出行服务有限公司");
        var browser = await SignedInAsync("provider-a");
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/admin/providers/{sanatorium.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/admin/providers/{waiting.Id}")).StatusCode);

        var foreignOffering = await DbAsync(db => db.Offerings.AsNoTracking().FirstAsync(o => o.ProviderId == sanatorium.Id));
        var refused = await browser.PostFormWithTokenFromAsync($"/admin/providers/offerings/{foreignOffering.Id}", Offering("被改掉的名称", "1"), tokenFrom: "/admin/providers");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("不能修改其他服务商", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var createFor = await browser.PostFormWithTokenFromAsync($"/admin/providers/{sanatorium.Id}?handler=Offering", Offering("冒充", "1"), tokenFrom: "/admin/providers");
        Assert.Equal(HttpStatusCode.Forbidden, createFor.StatusCode);
        var after = await DbAsync(db => db.Offerings.AsNoTracking().SingleAsync(o => o.Id == foreignOffering.Id));
        Assert.Equal((foreignOffering.Title, foreignOffering.PriceFen, foreignOffering.UpdatedAt), (after.Title, after.PriceFen, after.UpdatedAt));
        Assert.False(await DbAsync(db => db.Offerings.AnyAsync(o => o.Title == "冒充")));

        // The Sichuan bureau does not see Hangzhou's provider at all.
        var sichuan = await SignedInAsync("sichuan");
        Assert.Equal(HttpStatusCode.NotFound, (await sichuan.GetAsync($"/admin/providers/{hangzhou.Id}")).StatusCode);
    }

    [Fact]
    public async Task The_bureau_reviews_applications_sees_documents_sets_reference_prices_and_reads_flags_and_ranking()
    {
        var sichuan = await SignedInAsync("sichuan");
        var waiting = await ProviderAsync("东兴区乐龄理发助浴店");

        // The three menu entries the module declares lead to pages.
        Assert.Equal(HttpStatusCode.OK, (await sichuan.GetAsync("/admin/providers?region=511000")).StatusCode); // selects Neijiang
        var index = await sichuan.GetAsync("/admin/providers");
        var indexText = await index.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        foreach (var entry in new[] { "/admin/providers", "/admin/providers/prices", "/admin/providers/quality" })
        {
            Assert.Contains($"href=\"{entry}\"", indexText, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await sichuan.GetAsync(entry)).StatusCode);
        }
        // The application waiting for review comes first, with a way into its review.
        var rows = RowPattern().Matches(indexText).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal($"provider-{waiting.Id}", rows[0]);
        Assert.Contains($"href=\"/admin/workflows/{waiting.WorkflowInstanceId}\">审核", indexText, StringComparison.Ordinal);
        var detail = await sichuan.GetStringAsync($"/admin/providers/{waiting.Id}");
        Assert.Contains("公共场所卫生许可证", detail, StringComparison.Ordinal);
        Assert.Contains("id=\"document-tax-registration\"", detail, StringComparison.Ordinal);

        // Prices: the demo's over-reference offering is flagged; a bad amount is refused, a good one saved and audited.
        var prices = await sichuan.GetStringAsync("/admin/providers/prices?region=511000");
        Assert.Contains("老年助餐·午餐配送", prices, StringComparison.Ordinal);
        Assert.Contains("20.0%", prices, StringComparison.Ordinal);
        var bad = await sichuan.PostFormAsync("/admin/providers/prices?region=511000", new() { ["Type"] = "canteen", ["Price"] = "二十", ["Unit"] = "餐" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("参考价“二十”无法识别", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var saved = await sichuan.PostFormAsync("/admin/providers/prices?region=511000", new() { ["Type"] = "canteen", ["Price"] = "20", ["Unit"] = "餐" });
        var savedText = await saved.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.DoesNotContain("老年助餐·午餐配送", savedText, StringComparison.Ordinal); // 18 元 is no longer above
        var audit = await fixture.InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().Audit.AsNoTracking()
            .Where(x => x.Action == "provider.reference-price" && x.Actor == "sichuan").OrderByDescending(x => x.Id).FirstAsync());
        Assert.Equal(("15.00 元/餐", "511000"), (audit.Before, audit.RegionCode));

        // Ranking: average, count and trend per provider.
        var quality = await sichuan.GetStringAsync("/admin/providers/quality?region=511000");
        Assert.Contains("id=\"ranking\"", quality, StringComparison.Ordinal);
        Assert.Contains("内江市甲助餐服务有限公司", quality, StringComparison.Ordinal);
        Assert.Contains("4.50", quality, StringComparison.Ordinal);

        // Zhejiang's bureau gets 404 for Sichuan's pages.
        var zhejiang = await SignedInAsync("zhejiang");
        Assert.Equal(HttpStatusCode.NotFound, (await zhejiang.GetAsync("/admin/providers/prices?region=511000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await zhejiang.GetAsync($"/admin/providers/{waiting.Id}")).StatusCode);
    }

    [GeneratedRegex("<tr id=\"(provider-\\d+)\"")]
    private static partial Regex RowPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

public sealed class AdminPagesTests_Sqlite(SqliteProvidersHost host) : AdminPagesTests<SqliteProvidersHost>(host);

public sealed class AdminPagesTests_Postgres(PostgresProvidersHost host) : AdminPagesTests<PostgresProvidersHost>(host);
