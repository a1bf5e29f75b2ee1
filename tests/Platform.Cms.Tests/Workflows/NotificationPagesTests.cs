using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Notifications;
using Platform.Core.Workflows;
using Platform.Testing;

namespace Platform.Cms.Tests.Workflows;

/// <summary>
/// The admin pages of issue 4's second half: a person's inbox, a region's notification wording with a preview, a
/// region's process changes on the definition page, and what is waiting to be delivered; other provinces see none of it.
/// </summary>
public abstract partial class NotificationPagesTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private async Task<long> SubmitAsync(string entity, string region)
    {
        using var scope = host.Services.CreateScope();
        var engine = scope.ServiceProvider.GetRequiredService<IWorkflowEngine>();
        var note = await engine.StartAsync("Alpha", "note-review", entity, region, "neijiang-liaison");
        await engine.FireAsync(note.Id, "submit", WorkflowPathTests.Liaison, 1, "请审核");
        await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().RunDueAsync("test");
        return note.Id;
    }

    [Fact]
    public async Task The_reviewer_reads_the_notice_in_the_inbox_follows_it_and_marks_it_read()
    {
        var entity = "inbox-" + Guid.NewGuid().ToString("N")[..8];
        var id = await SubmitAsync(entity, "511011");
        var sichuan = await host.CreateAdminAsync("sichuan");
        var inbox = await sichuan.GetStringAsync("/admin/inbox");
        var item = MessagePattern().Matches(inbox).Single(m => m.Groups["body"].Value.Contains(entity, StringComparison.Ordinal));
        Assert.Contains("【未读】【待审核】东兴区的笔记", item.Value, StringComparison.Ordinal);
        Assert.Contains($"href=\"/admin/workflows/{id}\"", item.Value, StringComparison.Ordinal);

        var read = await sichuan.PostFormAsync("/admin/inbox", new() { ["id"] = item.Groups["id"].Value });
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Contains($"<li id=\"message-{item.Groups["id"].Value}\" class=\"read\">", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var zhejiang = await host.CreateAdminAsync("zhejiang");
        Assert.DoesNotContain(entity, await zhejiang.GetStringAsync("/admin/inbox"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bureau_previews_and_saves_its_wording_and_a_broken_template_keeps_what_was_typed()
    {
        var zhejiang = await host.CreateAdminAsync("zhejiang");
        const string page = "/admin/notification-templates/Alpha/note-submitted?region=330105";
        Assert.Contains("当前使用：模块默认措辞", await zhejiang.GetStringAsync(page), StringComparison.Ordinal);

        var broken = await zhejiang.PostFormAsync(page, new() { ["subject"] = "拱墅区：{{ if region }}", ["body"] = "正文" }, "Preview");
        var brokenPage = await broken.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("标题第 1 行有误", brokenPage, StringComparison.Ordinal);
        Assert.Contains("value=\"拱墅区：{{ if region }}\"", brokenPage, StringComparison.Ordinal);

        var preview = await zhejiang.PostFormAsync(page, new() { ["subject"] = "{{ region.name }}：{{ instance.entity_id }} 待审", ["body"] = "{{ recipient.name }}，请处理。" }, "Preview");
        Assert.Contains("<p><strong>拱墅区：示例-001 待审</strong></p>", await preview.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var saved = await zhejiang.PostFormAsync(page, new() { ["subject"] = "{{ region.name }}：{{ instance.entity_id }} 待审", ["body"] = "请处理。" }, "Save");
        var savedPage = await saved.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("当前使用：本地区的措辞", savedPage, StringComparison.Ordinal);

        var sichuan = await host.CreateAdminAsync("sichuan");
        Assert.Equal(HttpStatusCode.NotFound, (await sichuan.GetAsync(page)).StatusCode);
        var refused = await sichuan.PostFormWithTokenFromAsync(page + "&handler=Reset", [], tokenFrom: "/admin/notification-templates");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Contains("当前使用：本地区的措辞", await zhejiang.GetStringAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bureau_adds_a_county_step_on_the_definition_page_and_the_diagram_shows_it()
    {
        const string page = "/admin/workflow-definitions/Alpha/note-review?region=330110";
        var zhejiang = await host.CreateAdminAsync("zhejiang");
        Assert.Contains("本地区使用模块的标准流程", await zhejiang.GetStringAsync(page), StringComparison.Ordinal);

        var notAllowed = await zhejiang.PostFormAsync(page, new() { ["before"] = "submit", ["name"] = "pre-check", ["nameZh"] = "预审", ["stateZh"] = "已预审", ["permission"] = "alpha.approve" }, "Step");
        Assert.Equal(HttpStatusCode.BadRequest, notAllowed.StatusCode);
        Assert.Contains("不允许地区在其前增加步骤", await notAllowed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var added = await zhejiang.PostFormAsync(page, new() { ["before"] = "approve", ["name"] = "district-review", ["nameZh"] = "区级审核通过", ["stateZh"] = "区级已审核", ["permission"] = "alpha.approve" }, "Step");
        var addedPage = await added.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Contains("在“通过”之前增加“区级审核通过”", addedPage, StringComparison.Ordinal);
        Assert.Contains("data-state=\"district-review-done\"", addedPage, StringComparison.Ordinal);

        var timeout = await zhejiang.PostFormAsync(page, new() { ["target"] = "draft|expire", ["after"] = "3天" }, "Timeout");
        Assert.Equal(HttpStatusCode.BadRequest, timeout.StatusCode);
        Assert.Contains("时限请写成 30m、48h 或 7d", await timeout.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The liaison sees the process but may not change it; Sichuan does not see Hangzhou at all.
        var liaison = await host.CreateAdminAsync("neijiang-liaison");
        Assert.DoesNotContain("id=\"add-step\"", await liaison.GetStringAsync("/admin/workflow-definitions/Alpha/note-review?region=511000"), StringComparison.Ordinal);
        var sichuan = await host.CreateAdminAsync("sichuan");
        Assert.Equal(HttpStatusCode.NotFound, (await sichuan.GetAsync(page)).StatusCode);
    }

    [Fact]
    public async Task The_delivery_page_shows_a_failed_event_with_its_error_to_the_regions_bureau_only_and_retries_it()
    {
        var entity = "delivery-" + Guid.NewGuid().ToString("N")[..8];
        Platform.TestModules.Alpha.NoteApprovedRecorder.FailuresLeft[entity] = 1;
        var id = await SubmitAsync(entity, "511024");
        using (var scope = host.Services.CreateScope())
        {
            var engine = scope.ServiceProvider.GetRequiredService<IWorkflowEngine>();
            await engine.FireAsync(id, "approve", WorkflowPathTests.Sichuan, 2);
        }
        var sichuan = await host.CreateAdminAsync("sichuan");
        var page = await sichuan.GetStringAsync("/admin/notifications");
        var row = Regex.Match(page, "<tr id=\"pending-event-(?<id>[0-9]+)\">(?:(?!</tr>).)*?威远县(?:(?!</tr>).)*?</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, page);
        Assert.Contains("subscriber unavailable", row.Value, StringComparison.Ordinal);
        Assert.Contains("Alpha · NoteApproved", row.Value, StringComparison.Ordinal);
        Assert.Contains("<h2>后台任务</h2>", page, StringComparison.Ordinal);

        var zhejiang = await host.CreateAdminAsync("zhejiang");
        Assert.DoesNotContain($"pending-event-{row.Groups["id"].Value}", await zhejiang.GetStringAsync("/admin/notifications"), StringComparison.Ordinal);
        var refused = await zhejiang.PostFormAsync("/admin/notifications", new() { ["kind"] = "event", ["id"] = row.Groups["id"].Value }, "Retry");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        var retried = await sichuan.PostFormAsync("/admin/notifications", new() { ["kind"] = "event", ["id"] = row.Groups["id"].Value }, "Retry");
        Assert.Contains("已安排立即重试", await retried.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // This host's background dispatcher may take it first; either way it is delivered once.
        var messageId = long.Parse(row.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var scope = host.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().RunDueAsync("test");
            var db = scope.ServiceProvider.GetRequiredService<Platform.Cms.Data.CoreDbContext>();
            if (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Outbox, m => m.Id == messageId && m.ProcessedAt != null)) break;
            await Task.Delay(100);
        }
        Assert.Single(Platform.TestModules.Alpha.NoteApprovedRecorder.Received, e => e.Instance.EntityId == entity);
        Assert.DoesNotContain($"pending-event-{row.Groups["id"].Value}\"", await sichuan.GetStringAsync("/admin/notifications"), StringComparison.Ordinal);
    }

    [GeneratedRegex("<li id=\"message-(?<id>[0-9]+)\" class=\"unread\">(?<body>.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex MessagePattern();
}

public sealed class NotificationPagesTests_Sqlite(SqliteHost host) : NotificationPagesTests<SqliteHost>(host);

public sealed class NotificationPagesTests_Postgres(PostgresHost host) : NotificationPagesTests<PostgresHost>(host);
