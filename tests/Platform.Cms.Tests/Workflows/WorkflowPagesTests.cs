using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Workflows;
using Platform.Testing;

namespace Platform.Cms.Tests.Workflows;

/// <summary>Staff see what waits for them, act on it, and read each process's timeline; other provinces see nothing.</summary>
public abstract class WorkflowPagesTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private async Task<long> SubmittedNoteAsync(string entity)
    {
        using var scope = host.Services.CreateScope();
        var engine = scope.ServiceProvider.GetRequiredService<IWorkflowEngine>();
        var note = await engine.StartAsync("Alpha", "note-review", entity, "511002", "test");
        var liaison = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("name", "neijiang-liaison"), new Claim(GrantClaim.ClaimType, new GrantClaim(PlatformRoles.LiaisonOfficer, "511000", null).Format())],
            "test", "name", "role"));
        await engine.FireAsync(note.Id, "submit", liaison, 1, "请审核");
        return note.Id;
    }

    [Fact]
    public async Task The_bureau_sees_the_waiting_note_approves_it_and_the_timeline_shows_every_step()
    {
        var id = await SubmittedNoteAsync("page-1");
        var sichuan = await host.CreateAdminAsync("sichuan");
        var tasks = await sichuan.GetStringAsync("/admin/tasks");
        Assert.Contains($"id=\"task-{id}\"", tasks, StringComparison.Ordinal);
        Assert.Contains("通过", tasks, StringComparison.Ordinal);

        var approved = await sichuan.PostFormAsync($"/admin/workflows/{id}", new() { ["transition"] = "approve", ["revision"] = "2", ["comment"] = "同意" });
        var page = await approved.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Contains("已处理", page, StringComparison.Ordinal);
        Assert.Contains("id=\"state\">已通过<", page, StringComparison.Ordinal);
        Assert.Contains("sichuan · approve（submitted → approved）：同意", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"task-{id}\"", await sichuan.GetStringAsync("/admin/tasks"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_form_is_refused_with_who_changed_it()
    {
        var id = await SubmittedNoteAsync("page-2");
        var sichuan = await host.CreateAdminAsync("sichuan");
        var page = $"/admin/workflows/{id}";
        await sichuan.PostFormAsync(page, new() { ["transition"] = "return", ["revision"] = "2" });
        var stale = await sichuan.PostFormAsync(page, new() { ["transition"] = "approve", ["revision"] = "2" });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("请刷新", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_definition_is_drawn_as_a_diagram_with_its_transitions()
    {
        var admin = await host.CreateAdminAsync();
        Assert.Contains("/admin/workflow-definitions/Alpha/note-review", await admin.GetStringAsync("/admin/workflow-definitions"), StringComparison.Ordinal);
        var page = await admin.GetStringAsync("/admin/workflow-definitions/Alpha/note-review");
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        foreach (var state in new[] { "draft", "submitted", "approved", "expired" })
            Assert.Contains($"data-state=\"{state}\"", page, StringComparison.Ordinal);
        Assert.Equal(4, page.Split("<line ").Length - 1); // one arrow per transition and starting state
        Assert.Contains("alpha.approve", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/workflow-definitions/Alpha/nope")).StatusCode);
    }

    [Fact]
    public async Task Another_provinces_bureau_neither_sees_the_task_nor_opens_the_process()
    {
        var id = await SubmittedNoteAsync("page-3");
        var zhejiang = await host.CreateAdminAsync("zhejiang");
        Assert.DoesNotContain($"id=\"task-{id}\"", await zhejiang.GetStringAsync("/admin/tasks"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await zhejiang.GetAsync($"/admin/workflows/{id}")).StatusCode);
    }
}

public sealed class WorkflowPagesTests_Sqlite(SqliteHost host) : WorkflowPagesTests<SqliteHost>(host);

public sealed class WorkflowPagesTests_Postgres(PostgresHost host) : WorkflowPagesTests<PostgresHost>(host);
