using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Core;
using Platform.Core.Workflows;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Ratings;
using Platform.Testing;

namespace Platform.Modules.Providers.Tests;

/// <summary>The complaint workflow (received → investigating → resolved with outcome and compensation), and filing and rating on the page.</summary>
public abstract class ComplaintTests<THost>(THost fixture) : IClassFixture<THost> where THost : ProvidersHost
{
    private Task<T> ComplaintsAsync<T>(Func<ComplaintService, Task<T>> work) => fixture.InScopeAsync(sp => work(sp.GetRequiredService<ComplaintService>()));

    private Task<Provider> ProviderAsync(string legalName) => fixture.InScopeAsync(sp =>
        sp.GetRequiredService<ProvidersDbContext>().Providers.AsNoTracking().SingleAsync(p => p.LegalName == legalName));

    [Fact]
    public async Task A_complaint_is_investigated_and_resolved_with_outcome_and_compensation_only_by_its_regions_bureau()
    {
        var canteen = await ProviderAsync("内江市甲助餐服务有限公司");
        var empty = await Assert.ThrowsAsync<PlatformException>(() => ComplaintsAsync(c => c.FileAsync(ProvidersHost.Liaison, canteen.Id, null, "511002", "  ")));
        Assert.Equal(400, empty.Status);
        Assert.Contains("请写明投诉内容", empty.MessageZh, StringComparison.Ordinal);

        var filed = await ComplaintsAsync(c => c.FileAsync(ProvidersHost.Liaison, canteen.Id, 1, "511002", "11 月 20 日午餐送达时已凉，老人未能按时用餐。"));
        Assert.Equal(("received", "neijiang-liaison"), (filed.Status, filed.CreatedBy));

        // Zhejiang's bureau does not see it; the liaison officer may file but not investigate; a provider cannot either.
        Assert.Equal(404, (await Assert.ThrowsAsync<PlatformException>(() => ComplaintsAsync(c => c.InvestigateAsync(ProvidersHost.Zhejiang, filed.Id)))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<PlatformException>(() => ComplaintsAsync(c => c.InvestigateAsync(ProvidersHost.Liaison, filed.Id)))).Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<PlatformException>(() => ComplaintsAsync(c => c.ResolveAsync(ProvidersHost.Zhejiang, filed.Id, "越权办结", 100m)))).Status);

        var investigating = await ComplaintsAsync(c => c.InvestigateAsync(ProvidersHost.Sichuan, filed.Id));
        Assert.Equal("investigating", investigating.Status);

        // Without an outcome, or with a bad amount, it stays open and nothing is kept.
        Assert.Equal(400, (await Assert.ThrowsAsync<PlatformException>(() => ComplaintsAsync(c => c.ResolveAsync(ProvidersHost.Sichuan, filed.Id, "", null)))).Status);
        Assert.Equal(400, (await Assert.ThrowsAsync<PlatformException>(() => ComplaintsAsync(c => c.ResolveAsync(ProvidersHost.Sichuan, filed.Id, "退款", -5m)))).Status);

        var resolved = await ComplaintsAsync(c => c.ResolveAsync(ProvidersHost.Sichuan, filed.Id, "约谈服务商，改用保温箱配送；退还当餐费用。", 18m));
        Assert.Equal(("resolved", 1800L), (resolved.Status, resolved.CompensationFen));
        var state = await fixture.InScopeAsync(async sp => (await sp.GetRequiredService<IWorkflowEngine>().FindAsync(resolved.WorkflowInstanceId!.Value))!.State);
        Assert.Equal("resolved", state);
        var audit = await fixture.InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().Audit.AsNoTracking()
            .SingleAsync(a => a.Action == "provider.complaint-resolved" && a.RegionCode == "511002"));
        Assert.Equal(("sichuan", "511002"), (audit.Actor, audit.RegionCode));
        Assert.Contains("赔偿 18.00 元", audit.After, StringComparison.Ordinal);

        // A resolved complaint cannot be resolved again.
        Assert.Equal(409, (await Assert.ThrowsAsync<PlatformException>(() => ComplaintsAsync(c => c.ResolveAsync(ProvidersHost.Sichuan, filed.Id, "再次办结", null)))).Status);
    }

    [Fact]
    public async Task A_liaison_officer_rates_and_complains_on_a_served_persons_behalf_on_the_page_with_clear_Chinese_errors()
    {
        var sanatorium = await ProviderAsync("内江市甜城康养疗养院");
        var officer = fixture.Host.CreateBrowser();
        await officer.SignInToAdminAsync("neijiang-liaison");
        const string page = "/admin/providers/quality?region=511000";
        Assert.Contains("内江市甜城康养疗养院", await officer.GetStringAsync(page), StringComparison.Ordinal);

        var noScore = await officer.PostFormAsync(page, new() { ["ProviderId"] = $"{sanatorium.Id}", ["Comment"] = "服务周到", ["OnBehalfOf"] = "张老" }, handler: "Rate");
        var noScoreText = await noScore.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, noScore.StatusCode);
        Assert.Contains("请选择 1 到 5 颗星", noScoreText, StringComparison.Ordinal);
        Assert.Contains("服务周到</textarea>", noScoreText, StringComparison.Ordinal);
        var noName = await officer.PostFormAsync(page, new() { ["ProviderId"] = $"{sanatorium.Id}", ["Score"] = "4" }, handler: "Rate");
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.Contains("代为评价时，请填写接受服务的老同志", await noName.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var rated = await officer.PostFormAsync(page, new() { ["ProviderId"] = $"{sanatorium.Id}", ["Score"] = "4", ["Comment"] = "服务周到", ["OnBehalfOf"] = "张老" }, handler: "Rate");
        Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        var rating = await fixture.InScopeAsync(sp => sp.GetRequiredService<ProvidersDbContext>().Ratings.AsNoTracking().OrderByDescending(r => r.Id).FirstAsync(r => r.ProviderId == sanatorium.Id));
        Assert.Equal((4, "服务周到", "张老", "neijiang-liaison", "511000"), (rating.Score, rating.Comment, rating.OnBehalfOf, rating.RatedBy, rating.RegionCode));

        var noText = await officer.PostFormAsync(page, new() { ["ProviderId"] = $"{sanatorium.Id}", ["OnBehalfOf"] = "张老" }, handler: "Complain");
        Assert.Equal(HttpStatusCode.BadRequest, noText.StatusCode);
        Assert.Contains("请写明投诉内容", await noText.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var filed = await officer.PostFormAsync(page, new() { ["ProviderId"] = $"{sanatorium.Id}", ["Text"] = "房间暖气不足", ["OnBehalfOf"] = "张老" }, handler: "Complain");
        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
        var complaint = await fixture.InScopeAsync(sp => sp.GetRequiredService<ProvidersDbContext>().Complaints.AsNoTracking().SingleAsync(c => c.ProviderId == sanatorium.Id));
        Assert.Equal(("（代张老投诉）房间暖气不足", "received"), (complaint.Text, complaint.Status));

        // The bureau handles it on the same page.
        var sichuan = fixture.Host.CreateBrowser();
        await sichuan.SignInToAdminAsync("sichuan");
        Assert.Equal(HttpStatusCode.OK, (await sichuan.PostFormAsync(page + $"&complaint={complaint.Id}", [], handler: "Investigate")).StatusCode);
        var noOutcome = await sichuan.PostFormAsync(page + $"&complaint={complaint.Id}", new() { ["Compensation"] = "二百" }, handler: "Resolve");
        Assert.Equal(HttpStatusCode.BadRequest, noOutcome.StatusCode);
        Assert.Contains("赔偿金额“二百”无法识别", await noOutcome.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var done = await sichuan.PostFormAsync(page + $"&complaint={complaint.Id}", new() { ["Outcome"] = "已更换暖气片", ["Compensation"] = "200" }, handler: "Resolve");
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("已更换暖气片；赔偿 200.00 元", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class ComplaintTests_Sqlite(SqliteProvidersHost host) : ComplaintTests<SqliteProvidersHost>(host);

public sealed class ComplaintTests_Postgres(PostgresProvidersHost host) : ComplaintTests<PostgresProvidersHost>(host);
