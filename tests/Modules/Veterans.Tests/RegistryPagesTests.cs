using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Modules.Veterans.Contracts;
using Platform.Modules.Veterans.Data;
using Platform.Testing;

namespace Platform.Veterans.Tests;

/// <summary>Staff pages: registering, a clear Chinese error that keeps what was typed, contact entries and bulk assignment.</summary>
public abstract class RegistryPagesTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private static Dictionary<string, string> Form(string name, string birth = "1939-08-01", string phone = "13811112222") => new()
    {
        ["Form.Name"] = name, ["Form.Sex"] = "男", ["Form.BirthDate"] = birth, ["Form.RegionCode"] = "511025", ["Form.Address"] = "资中县测试街 3 号",
        ["Form.Phone"] = phone, ["Form.RankBand"] = "师级", ["Form.Living"] = "分散居住", ["Form.Kind"] = "军休干部",
        ["Form.EmptyNest"] = "true", ["Form.HealthNotes"] = "糖尿病",
    };

    [Fact]
    public async Task Bad_input_gets_a_clear_Chinese_error_keeps_what_was_typed_and_saves_nothing()
    {
        var sichuan = await host.CreateAdminAsync("sichuan");
        var response = await sichuan.PostFormAsync("/admin/veterans/new?region=511000", Form("页面测试甲", birth: "1939-02-30", phone: "12345"));
        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("未保存，请改正以下问题", page, StringComparison.Ordinal);
        Assert.Contains("出生日期“1939-02-30”无法识别", page, StringComparison.Ordinal);
        Assert.Contains("电话“12345”格式不对", page, StringComparison.Ordinal);
        Assert.Contains("value=\"页面测试甲\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"资中县测试街 3 号\"", page, StringComparison.Ordinal);
        Assert.Contains("糖尿病</textarea>", page, StringComparison.Ordinal);
        Assert.False(await host.DbAsync(db => db.Veterans.AnyAsync(v => v.Name == "页面测试甲")));

        var saved = await sichuan.PostFormAsync("/admin/veterans/new?region=511000", Form("页面测试甲"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var record = await host.DbAsync(db => db.Veterans.SingleAsync(v => v.Name == "页面测试甲"));
        Assert.Equal(KeyGroups.EmptyNest, record.KeyGroups);
        Assert.Equal($"/admin/veterans/{record.Id}", saved.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_stale_edit_is_refused_with_who_saved_first_and_the_typed_values_stay()
    {
        var sichuan = await host.CreateAdminAsync("sichuan");
        var saved = await sichuan.PostFormAsync("/admin/veterans/new?region=511000", Form("页面测试乙"));
        var url = saved.Headers.Location!.OriginalString;
        var first = Form("页面测试乙（改）");
        first["Revision"] = "1";
        Assert.Equal(HttpStatusCode.OK, (await sichuan.PostFormAsync(url, first, handler: "Save")).StatusCode);
        var stale = Form("页面测试乙（再改）");
        stale["Revision"] = "1";
        var refused = await sichuan.PostFormAsync(url, stale, handler: "Save");
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("已被 sichuan 于", page, StringComparison.Ordinal);
        Assert.Contains("value=\"页面测试乙（再改）\"", page, StringComparison.Ordinal);
        Assert.Equal("页面测试乙（改）", await host.DbAsync(db => db.Veterans.Where(v => url.EndsWith("/" + v.Id)).Select(v => v.Name).SingleAsync()));
    }

    [Fact]
    public async Task An_officer_records_a_contact_with_a_follow_up_and_closes_it()
    {
        var id = await host.DemoVeteranAsync("5110");
        var officer = host.CreateBrowser();
        await officer.SignInToAdminAsync("neijiang-liaison");
        var page = $"/admin/veterans/{id}?region=511000";
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var saved = await officer.PostFormAsync(page, new() { ["ContactDate"] = today, ["ContactKind"] = "Hospital", ["ContactNotes"] = "住院看望，精神尚可", ["FollowUp"] = "出院后上门回访" }, handler: "Contact");
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("联系记录已保存", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var entry = await host.DbAsync(db => db.ContactLog.OrderByDescending(c => c.Id).FirstAsync(c => c.VeteranId == id));
        Assert.Equal((ContactKind.Hospital, FollowUpState.Open, "neijiang-liaison"), (entry.Kind, entry.FollowUpState, entry.OfficerUserName));

        var bad = await officer.PostFormAsync(page, new() { ["ContactDate"] = "明天", ["ContactKind"] = "Monthly" }, handler: "Contact");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("联系日期无法识别", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var closed = await officer.PostFormAsync($"/admin/veterans/{id}?handler=Close&entry={entry.Id}", new());
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(FollowUpState.Closed, await host.DbAsync(db => db.ContactLog.Where(c => c.Id == entry.Id).Select(c => c.FollowUpState).SingleAsync()));
    }

    [Fact]
    public async Task Bulk_assignment_is_all_or_nothing_and_shows_on_the_officers_home_page()
    {
        var sichuan = await host.CreateAdminAsync("sichuan");
        var neijiang = await host.DbAsync(db => db.Veterans.Where(v => v.RegionCode.StartsWith("5110") && v.DeceasedDate == null
            && !db.Assignments.Any(a => a.VeteranId == v.Id)).OrderBy(v => v.Id).Select(v => v.Id).Take(2).ToListAsync());
        var hangzhou = await host.DemoVeteranAsync("3301");
        static IEnumerable<KeyValuePair<string, string>> Picks(IEnumerable<long> ids) =>
            ids.Select(i => new KeyValuePair<string, string>("Selected", i.ToString(CultureInfo.InvariantCulture)))
                .Append(new("OfficerUserName", "neijiang-liaison"));

        // One household outside the officer's region (and the bureau's): nothing is assigned.
        var refused = await sichuan.PostManyAsync("/admin/veterans/assign?region=511000", Picks(neijiang.Append(hangzhou)));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(0, await host.DbAsync(db => db.Assignments.CountAsync(a => neijiang.Contains(a.VeteranId))));

        var assigned = await sichuan.PostManyAsync("/admin/veterans/assign?region=511000", Picks(neijiang));
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Contains("已把 2 户分配给 neijiang-liaison", await assigned.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await host.DbAsync(db => db.Assignments.CountAsync(a => neijiang.Contains(a.VeteranId) && a.OfficerUserName == "neijiang-liaison")));

        var officer = host.CreateBrowser();
        await officer.SignInToAdminAsync("neijiang-liaison");
        var home = await officer.GetStringAsync("/admin/veterans/due?region=511000");
        Assert.Contains("联络员工作台", home, StringComparison.Ordinal);
        Assert.All(neijiang, id => Assert.Contains($"data-veteran=\"{id}\"", home, StringComparison.Ordinal));
    }
}

public sealed class RegistryPagesTests_Sqlite(SqliteHost host) : RegistryPagesTests<SqliteHost>(host);

public sealed class RegistryPagesTests_Postgres(PostgresHost host) : RegistryPagesTests<PostgresHost>(host);
