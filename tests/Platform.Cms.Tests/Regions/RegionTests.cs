using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Testing;

namespace Platform.Cms.Tests.Regions;

public abstract class RegionTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;

    private async Task<(int Regions, int Audit)> CountsAsync()
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        return (await db.Regions.CountAsync(), await db.Audit.CountAsync());
    }

    [Fact]
    public async Task A_region_is_created_renamed_moved_and_archived_with_an_audit_entry_each()
    {
        var admin = await host.CreateAdminAsync();
        (await admin.PostAsJsonAsync("/api/v1/regions", new { code = "511900", parentCode = "511000", name = "测试新区", slug = "test-new" }))
            .EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync("/api/v1/regions/511900", new { name = "测试新区（更名）" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/regions", new { code = "330900", parentCode = "330000", name = "测试市", slug = "test-city" }))
            .EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/regions/511900/move", new { parentCode = "330900" })).EnsureSuccessStatusCode();

        var moved = await admin.GetFromJsonAsync<JsonElement>("/api/v1/regions/511900");
        Assert.Equal("/330000/330900/511900/", moved.GetProperty("path").GetString());
        Assert.Equal("测试新区（更名）", moved.GetProperty("name").GetString());
        // The moved county now follows Zhejiang's switches, on the next request.
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().GetAsync("/r/511900/alpha/")).StatusCode);

        (await admin.PostAsync("/api/v1/regions/511900/archive", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateClient().GetAsync("/r/511900/")).StatusCode);

        using var scope = host.Services.CreateScope();
        var actions = await scope.ServiceProvider.GetRequiredService<CoreDbContext>().Audit
            .Where(a => a.RegionCode == "511900").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["region.create", "region.rename", "region.move", "region.archive"], actions);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_Chinese_message_and_changes_nothing()
    {
        var admin = await host.CreateAdminAsync();
        var before = await CountsAsync();

        var badCode = await admin.PostAsJsonAsync("/api/v1/regions", new { code = "51A", parentCode = "510000", name = "x", slug = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, badCode.StatusCode);
        Assert.Contains("须为 6 位数字", await DetailAsync(badCode), StringComparison.Ordinal);

        var unknown = await admin.PutAsJsonAsync("/api/v1/regions/123456", new { name = "不存在" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("未找到行政区划“123456”", await DetailAsync(unknown), StringComparison.Ordinal);

        var cycle = await admin.PostAsJsonAsync("/api/v1/regions/511000/move", new { parentCode = "511002" });
        Assert.Equal(HttpStatusCode.BadRequest, cycle.StatusCode);
        Assert.Contains("循环", await DetailAsync(cycle), StringComparison.Ordinal);

        var wrongLevel = await admin.PostAsJsonAsync("/api/v1/regions/511002/move", new { parentCode = "330000" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongLevel.StatusCode);
        Assert.Contains("只能移到地市级之下", await DetailAsync(wrongLevel), StringComparison.Ordinal);

        var duplicate = await admin.PostAsJsonAsync("/api/v1/regions", new { code = "511000", name = "重复", slug = "dup" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains("已被“内江市”使用", await DetailAsync(duplicate), StringComparison.Ordinal);

        var archiveParent = await admin.PostAsync("/api/v1/regions/510000/archive", null);
        Assert.Equal(HttpStatusCode.Conflict, archiveParent.StatusCode);
        Assert.Contains("请先归档", await DetailAsync(archiveParent), StringComparison.Ordinal);

        var inUse = await admin.DeleteAsync("/api/v1/regions/511000");
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Contains("可改为归档", await DetailAsync(inUse), StringComparison.Ordinal);

        Assert.Equal(before, await CountsAsync());
        var neijiang = await admin.GetFromJsonAsync<JsonElement>("/api/v1/regions/511000");
        Assert.Equal("/510000/511000/", neijiang.GetProperty("path").GetString());
    }

    [Fact]
    public async Task The_admin_regions_page_creates_a_region_and_shows_errors_in_Chinese()
    {
        var admin = await host.CreateAdminAsync();
        var created = await admin.PostFormAsync("/admin/regions",
            new() { ["code"] = "511901", ["parentCode"] = "511000", ["name"] = "页面新建区", ["slug"] = "page-new" }, "Create");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("id=\"region-511901\"", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var refused = await admin.PostFormAsync("/admin/regions", new() { ["code"] = "511000", ["parentCode"] = "511002" }, "Move");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("这会形成循环", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_need_a_signed_in_administrator()
    {
        var anonymous = host.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/v1/regions", new { code = "511902", parentCode = "511000", name = "匿名", slug = "anon" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await host.CreateBrowser().GetAsync("/admin/regions")).StatusCode);
    }
}

public sealed class RegionTests_Sqlite(SqliteHost host) : RegionTests<SqliteHost>(host);

public sealed class RegionTests_Postgres(PostgresHost host) : RegionTests<PostgresHost>(host);
