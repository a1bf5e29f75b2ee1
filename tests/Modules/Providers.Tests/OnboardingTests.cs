using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Core;
using Platform.Modules.Providers.Contracts;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Documents;
using Platform.Modules.Providers.Onboarding;
using Platform.Modules.Providers.Organisations;
using Platform.Testing;

namespace Platform.Modules.Providers.Tests;

/// <summary>Self-registration through the public page, refusals that keep nothing, and every onboarding decision.</summary>
public abstract partial class OnboardingTests<THost>(THost fixture) : IClassFixture<THost> where THost : ProvidersHost
{
    private static MultipartFormDataContent Application(string token, string name, string code, params (string Kind, byte[] Bytes, string File)[] files)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(name), "legalName" }, { new StringContent(code), "creditCode" }, { new StringContent("massage"), "category" },
            { new StringContent("511002"), "regions" }, { new StringContent("李经理"), "contactName" }, { new StringContent("13800000000"), "contactPhone" },
        };
        foreach (var (kind, bytes, file) in files)
        {
            form.Add(new ByteArrayContent(bytes), $"file-{kind}", file);
            form.Add(new StringContent("2028-06-30"), $"expires-{kind}");
        }
        return form;
    }

    private static (string, byte[], string)[] AllDocuments() =>
        [(DocumentKinds.BusinessLicence, TestFiles.Pdf("l"), "licence.pdf"), (DocumentKinds.TaxRegistration, TestFiles.Pdf("t"), "tax.pdf"),
         (DocumentKinds.OrganisationCode, TestFiles.Pdf("o"), "code.pdf")];

    private async Task<(HttpClient Browser, string Token)> OpenFormAsync()
    {
        var browser = fixture.Host.CreateBrowser();
        var page = await browser.GetStringAsync("/r/511000/providers/apply");
        var token = TokenPattern().Match(page).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token));
        return (browser, WebUtility.HtmlDecode(token));
    }

    private Task<(int Providers, int Media)> CountsAsync() => fixture.InScopeAsync(async sp =>
        (await sp.GetRequiredService<ProvidersDbContext>().Providers.CountAsync(), await sp.GetRequiredService<CoreDbContext>().Media.CountAsync()));

    [Fact]
    public async Task Bad_applications_are_refused_in_Chinese_and_nothing_is_stored()
    {
        var before = await CountsAsync();
        var (browser, token) = await OpenFormAsync();

        // A duplicate credit code (demo-provider-a's).
        var duplicate = await browser.PostAsync("/r/511000/providers/apply", Application(token, "冒名机构", "91511000MA62A0001K", AllDocuments()));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains("已登记过，不能重复登记", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A wrong check character.
        var invalid = await browser.PostAsync("/r/511000/providers/apply", Application(token, "校验错误机构", "91511000MA62A0001L", AllDocuments()));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("校验位不正确", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A scan that is neither PDF nor image, after a good one: the good one is not kept either.
        var notScan = await browser.PostAsync("/r/511000/providers/apply", Application(token, "上传错误机构", "91511002MA62B0003E",
            (DocumentKinds.BusinessLicence, TestFiles.Pdf(), "licence.pdf"), (DocumentKinds.TaxRegistration, TestFiles.NotAScan(), "tax.pdf")));
        var notScanText = await notScan.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, notScan.StatusCode);
        Assert.Contains("《税务登记证》", notScanText, StringComparison.Ordinal);
        Assert.Contains("PDF 或图片", notScanText, StringComparison.Ordinal);

        // An oversized scan.
        var oversized = await browser.PostAsync("/r/511000/providers/apply", Application(token, "超大文件机构", "91511002MA62B0003E",
            (DocumentKinds.BusinessLicence, TestFiles.Oversized(), "licence.pdf")));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Contains("20 MB", await oversized.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(before, await CountsAsync());
        // The typed values come back in the form, so nothing has to be typed again.
        Assert.Contains("value=\"超大文件机构\"", await oversized.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_application_is_returned_with_reasons_resubmitted_approved_suspended_and_reinstated_with_audit()
    {
        var (browser, token) = await OpenFormAsync();
        var applied = await browser.PostAsync("/r/511000/providers/apply", Application(token, "市中区康乐按摩店", "91511002MA62B00018",
            (DocumentKinds.BusinessLicence, TestFiles.Pdf(), "licence.pdf")));
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        var tracking = applied.Headers.Location!.OriginalString;
        var status = await browser.GetStringAsync(tracking);
        Assert.Contains("待审核", status, StringComparison.Ordinal);
        Assert.Contains("请保存本页地址", status, StringComparison.Ordinal);

        var provider = await fixture.InScopeAsync(sp => sp.GetRequiredService<ProvidersDbContext>().Providers.SingleAsync(p => p.CreditCode == "91511002MA62B00018"));
        Assert.Equal(("p-91511002ma62b00018", ProviderStatus.Applied, "511002"), (provider.OrganisationId, provider.Status, provider.HomeRegion));

        Task<T> Onboarding<T>(Func<OnboardingService, Task<T>> work) => fixture.InScopeAsync(sp => work(sp.GetRequiredService<OnboardingService>()));
        async Task<Provider> ReloadAsync() => await fixture.InScopeAsync(sp => sp.GetRequiredService<ProvidersDbContext>().Providers.AsNoTracking().SingleAsync(p => p.Id == provider.Id));

        // The guard: tax registration and organisation code are missing.
        var incomplete = await Assert.ThrowsAsync<PlatformException>(() => Onboarding(o => o.DecideAsync(ProvidersHost.Sichuan, provider.Id, "approve", null)));
        Assert.Contains("缺少《税务登记证》", incomplete.MessageZh, StringComparison.Ordinal);
        // Zhejiang's bureau does not see a Sichuan applicant; a return needs a reason.
        Assert.Equal(404, (await Assert.ThrowsAsync<PlatformException>(() => Onboarding(o => o.DecideAsync(ProvidersHost.Zhejiang, provider.Id, "return", "x")))).Status);
        Assert.Equal(400, (await Assert.ThrowsAsync<PlatformException>(() => Onboarding(o => o.DecideAsync(ProvidersHost.Sichuan, provider.Id, "return", " ")))).Status);

        await Onboarding(o => o.DecideAsync(ProvidersHost.Sichuan, provider.Id, "return", "请补充税务登记证和组织机构代码证。"));
        Assert.Equal(ProviderStatus.Returned, (await ReloadAsync()).Status);
        var returned = await browser.GetStringAsync(tracking.Split('?')[0]);
        Assert.Contains("请补充税务登记证和组织机构代码证。", returned, StringComparison.Ordinal);

        // The applicant adds the documents (here through the service, as the portal would) and resubmits with the key.
        await fixture.InScopeAsync(async sp =>
        {
            var documents = sp.GetRequiredService<DocumentService>();
            var p = await sp.GetRequiredService<ProvidersDbContext>().Providers.Include(x => x.Regions).SingleAsync(x => x.Id == provider.Id);
            foreach (var kind in new[] { DocumentKinds.TaxRegistration, DocumentKinds.OrganisationCode })
                await documents.UploadAsync(p, new DocumentUpload(kind, new MemoryStream(TestFiles.Pdf(kind)), kind + ".pdf", new DateOnly(2028, 1, 1)), ProvidersHost.Sichuan, default);
        });
        var resubmitToken = WebUtility.HtmlDecode(TokenPattern().Match(returned).Groups[1].Value);
        var resubmit = await browser.PostAsync(tracking.Split('?')[0], new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = resubmitToken, ["comment"] = "已补齐证件",
        }));
        Assert.Equal(HttpStatusCode.Redirect, resubmit.StatusCode);
        Assert.Equal(ProviderStatus.Applied, (await ReloadAsync()).Status);

        await Onboarding(o => o.DecideAsync(ProvidersHost.Sichuan, provider.Id, "approve", "证件齐全"));
        Assert.Equal(ProviderStatus.Approved, (await ReloadAsync()).Status);
        var directory = await fixture.InScopeAsync(sp => sp.GetRequiredService<IProviderDirectory>().FindAsync("p-91511002ma62b00018"));
        Assert.True(directory!.AcceptsNewOrders);

        await Onboarding(o => o.DecideAsync(ProvidersHost.Sichuan, provider.Id, "suspend", "投诉核实，暂停整改"));
        Assert.Equal(ProviderStatus.Suspended, (await ReloadAsync()).Status);
        Assert.False((await fixture.InScopeAsync(sp => sp.GetRequiredService<IProviderDirectory>().FindAsync("p-91511002ma62b00018")))!.AcceptsNewOrders);
        await Onboarding(o => o.DecideAsync(ProvidersHost.Sichuan, provider.Id, "reinstate", "整改完成"));
        Assert.Equal(ProviderStatus.Approved, (await ReloadAsync()).Status);

        var audit = await fixture.InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().Audit
            .Where(a => a.Action.StartsWith("provider.") && a.Before!.Contains("市中区康乐按摩店")).OrderBy(a => a.Id).Select(a => a.Action + " " + a.Actor).ToListAsync());
        Assert.Equal(["provider.returned sichuan", "provider.applied applicant:p-91511002ma62b00018", "provider.approved sichuan",
            "provider.suspended sichuan", "provider.approved sichuan"], audit);
    }

    [Fact]
    public async Task A_rejected_application_is_final()
    {
        var (browser, token) = await OpenFormAsync();
        var applied = await browser.PostAsync("/r/511000/providers/apply", Application(token, "资质不符机构", "91511002MA62B0002B", AllDocuments()));
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        var id = await fixture.InScopeAsync(sp => sp.GetRequiredService<ProvidersDbContext>().Providers.Where(p => p.CreditCode == "91511002MA62B0002B").Select(p => p.Id).SingleAsync());
        await fixture.InScopeAsync(sp => sp.GetRequiredService<OnboardingService>().DecideAsync(ProvidersHost.Sichuan, id, "reject", "不具备按摩服务资质"));
        var again = await Assert.ThrowsAsync<PlatformException>(() => fixture.InScopeAsync(sp => sp.GetRequiredService<OnboardingService>().DecideAsync(ProvidersHost.Sichuan, id, "approve", null)));
        Assert.Equal(409, again.Status);
        var page = await browser.GetStringAsync(applied.Headers.Location!.OriginalString);
        Assert.Contains("未通过", page, StringComparison.Ordinal);
        Assert.Contains("不具备按摩服务资质", page, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

public sealed class OnboardingTests_Sqlite(SqliteProvidersHost host) : OnboardingTests<SqliteProvidersHost>(host);

public sealed class OnboardingTests_Postgres(PostgresProvidersHost host) : OnboardingTests<PostgresProvidersHost>(host);
