using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Workflows;
using Platform.Testing;

namespace Platform.Cms.Tests.Workflows;

/// <summary>Instances move only by permitted, in-scope, current transitions; every step is history; races have one winner.</summary>
public abstract class WorkflowEngineTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private static ClaimsPrincipal Person(string name, params GrantClaim[] grants) => new(new ClaimsIdentity(
        [new Claim("name", name), .. grants.Select(g => new Claim(GrantClaim.ClaimType, g.Format()))], "test", "name", "role"));

    private static readonly ClaimsPrincipal NeijiangLiaison = Person("neijiang-liaison", new GrantClaim(PlatformRoles.LiaisonOfficer, "511000", null));
    private static readonly ClaimsPrincipal SichuanBureau = Person("sichuan", new GrantClaim(PlatformRoles.BureauAdmin, "510000", null));
    private static readonly ClaimsPrincipal ZhejiangBureau = Person("zhejiang", new GrantClaim(PlatformRoles.BureauAdmin, "330000", null));

    private async Task<T> WithEngineAsync<T>(Func<IWorkflowEngine, Task<T>> work)
    {
        using var scope = host.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<IWorkflowEngine>());
    }

    private Task<WorkflowInstanceInfo> StartAsync(string entity, string region = "511002") =>
        WithEngineAsync(e => e.StartAsync("Alpha", "note-review", entity, region, "test"));

    private async Task<int> CountAsync(string action)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CoreDbContext>().Audit.CountAsync(a => a.Action == action);
    }

    [Fact]
    public async Task A_note_goes_from_draft_to_approved_with_its_history()
    {
        var entity = "note-1-" + Guid.NewGuid().ToString("N"); // the recorder is shared by every host in this process
        var started = await StartAsync(entity);
        Assert.Equal(("draft", 1, 1), (started.State, started.Revision, started.Version));
        var submitted = await WithEngineAsync(e => e.FireAsync(started.Id, "submit", NeijiangLiaison, 1, "请审核"));
        var approved = await WithEngineAsync(e => e.FireAsync(started.Id, "approve", SichuanBureau, submitted.Revision));
        Assert.Equal(("approved", 3, "sichuan"), (approved.State, approved.Revision, approved.UpdatedBy));

        var emitted = Platform.TestModules.Alpha.NoteApprovedRecorder.Received.Where(e => e.Instance.EntityId == entity).ToList();
        Assert.Equal("NoteApproved", Assert.Single(emitted).Name);
        Assert.Equal("approved", emitted[0].Instance.State);

        var history = await WithEngineAsync(e => e.HistoryAsync(started.Id));
        Assert.Equal([("neijiang-liaison", "submit", "draft", "submitted", "请审核"), ("sichuan", "approve", "submitted", "approved", (string?)null)],
            history.Select(h => (h.Actor, h.Transition, h.From, h.To, h.Comment)));
    }

    [Fact]
    public async Task A_transition_without_the_permission_is_refused_leaving_only_an_audit_entry()
    {
        var started = await StartAsync("note-2");
        await WithEngineAsync(e => e.FireAsync(started.Id, "submit", NeijiangLiaison, 1));
        var refusedBefore = await CountAsync("workflow.refused");

        var ex = await Assert.ThrowsAsync<PlatformException>(() => WithEngineAsync(e => e.FireAsync(started.Id, "approve", NeijiangLiaison, 2)));
        Assert.Equal(403, ex.Status);
        Assert.Contains("没有执行", ex.MessageZh, StringComparison.Ordinal);
        Assert.Equal("submitted", (await WithEngineAsync(e => e.FindAsync(started.Id)))!.State);
        Assert.Single(await WithEngineAsync(e => e.HistoryAsync(started.Id)));
        Assert.Equal(refusedBefore + 1, await CountAsync("workflow.refused"));
    }

    [Fact]
    public async Task Outside_the_callers_region_the_instance_does_not_exist()
    {
        var started = await StartAsync("note-3");
        var ex = await Assert.ThrowsAsync<PlatformException>(() => WithEngineAsync(e => e.FireAsync(started.Id, "submit", ZhejiangBureau, 1)));
        Assert.Equal(404, ex.Status);
        Assert.Equal("draft", (await WithEngineAsync(e => e.FindAsync(started.Id)))!.State);
    }

    [Fact]
    public async Task A_transition_that_does_not_leave_the_current_state_is_refused()
    {
        var started = await StartAsync("note-4");
        var ex = await Assert.ThrowsAsync<PlatformException>(() => WithEngineAsync(e => e.FireAsync(started.Id, "approve", SichuanBureau, 1)));
        Assert.Equal(409, ex.Status);
        Assert.Contains("当前状态为“草稿”", ex.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_revision_is_told_who_changed_it_and_when()
    {
        var started = await StartAsync("note-5");
        await WithEngineAsync(e => e.FireAsync(started.Id, "submit", NeijiangLiaison, 1));
        var ex = await Assert.ThrowsAsync<PlatformException>(() => WithEngineAsync(e => e.FireAsync(started.Id, "return", SichuanBureau, 1)));
        Assert.Equal(409, ex.Status);
        Assert.Contains("已被 neijiang-liaison 于", ex.MessageZh, StringComparison.Ordinal);
        Assert.Contains("请刷新", ex.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Of_two_simultaneous_transitions_exactly_one_wins()
    {
        var started = await StartAsync("note-6");
        await WithEngineAsync(e => e.FireAsync(started.Id, "submit", NeijiangLiaison, 1));
        var attempts = await Task.WhenAll(
            Attempt(() => WithEngineAsync(e => e.FireAsync(started.Id, "approve", SichuanBureau, 2))),
            Attempt(() => WithEngineAsync(e => e.FireAsync(started.Id, "return", SichuanBureau, 2))));
        Assert.Equal(1, attempts.Count(a => a is null));
        Assert.Equal(409, attempts.Single(a => a is not null)!.Status);
        Assert.Equal(2, (await WithEngineAsync(e => e.HistoryAsync(started.Id))).Count);
        Assert.Equal(3, (await WithEngineAsync(e => e.FindAsync(started.Id)))!.Revision);
    }

    private static async Task<PlatformException?> Attempt(Func<Task> fire)
    {
        try
        {
            await fire();
            return null;
        }
        catch (PlatformException ex)
        {
            return ex;
        }
    }
}

public sealed class WorkflowEngineTests_Sqlite(SqliteHost host) : WorkflowEngineTests<SqliteHost>(host);

public sealed class WorkflowEngineTests_Postgres(PostgresHost host) : WorkflowEngineTests<PostgresHost>(host);
