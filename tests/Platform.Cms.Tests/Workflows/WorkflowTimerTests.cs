using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Cms.Workflows;
using Platform.Core.Data;
using Platform.Core.Workflows;
using Platform.Testing;

namespace Platform.Cms.Tests.Workflows;

/// <summary>Timeouts live in the database: one due while the platform was stopped fires once after the restart, on one node.</summary>
public abstract class WorkflowTimerTests : IDisposable
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
    private readonly PlatformFactory _host;

    protected WorkflowTimerTests(DatabaseKind kind) =>
        _host = new PlatformFactory(kind,
            settings: new Dictionary<string, string> { ["Platform:Jobs:Enabled"] = "false" },
            services: s => s.AddSingleton<TimeProvider>(_clock));

    private static async Task<T> InScopeAsync<T>(PlatformFactory host, Func<IServiceProvider, Task<T>> work)
    {
        using var scope = host.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    private static Task<WorkflowInstanceInfo> StartAsync(PlatformFactory host, string entity) => InScopeAsync(host, sp =>
        sp.GetRequiredService<IWorkflowEngine>().StartAsync("Alpha", "note-review", entity, "511002", "test"));

    private static Task<int> TickAsync(PlatformFactory host, string node) => InScopeAsync(host, sp =>
        sp.GetRequiredService<WorkflowTimers>().RunDueAsync(node));

    private static Task<WorkflowInstanceInfo?> FindAsync(PlatformFactory host, long id) => InScopeAsync(host, sp =>
        sp.GetRequiredService<IWorkflowEngine>().FindAsync(id));

    [Fact]
    public async Task A_timeout_fires_only_when_due_and_records_the_system_as_actor()
    {
        var note = await StartAsync(_host, "timer-1");
        _clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal(0, await TickAsync(_host, "node-a"));
        Assert.Equal("draft", (await FindAsync(_host, note.Id))!.State);

        _clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await TickAsync(_host, "node-a"));
        Assert.Equal("expired", (await FindAsync(_host, note.Id))!.State);
        var history = await InScopeAsync(_host, sp => sp.GetRequiredService<IWorkflowEngine>().HistoryAsync(note.Id));
        Assert.Equal(("system:timeout", "expire"), (history.Single().Actor, history.Single().Transition));
    }

    [Fact]
    public async Task A_timeout_due_while_stopped_fires_once_after_restart_even_with_two_nodes()
    {
        var note = await StartAsync(_host, "timer-2");
        using var nodeA = _host.Restart(); // two nodes on the same database, started (lazily) only after...
        using var nodeB = _host.Restart();
        _host.Dispose(); // ...the platform was stopped...
        _clock.Advance(TimeSpan.FromDays(30)); // ...for a month
        var fired = await Task.WhenAll(TickAsync(nodeA, "node-a"), TickAsync(nodeB, "node-b"));
        // Other modules' demo processes have timers due within the month too: each fired timer counts once, on one node.
        var firedTimers = await InScopeAsync(nodeA, sp => sp.GetRequiredService<CoreDbContext>().WorkflowTimers.CountAsync(t => t.Outcome == "fired"));
        Assert.True(firedTimers >= 1);
        Assert.Equal(firedTimers, fired.Sum());
        Assert.Equal(1, await InScopeAsync(nodeA, sp => sp.GetRequiredService<CoreDbContext>().WorkflowTimers.CountAsync(t => t.InstanceId == note.Id && t.Outcome == "fired")));
        Assert.Equal(0, await TickAsync(nodeA, "node-a"));
        Assert.Equal("expired", (await FindAsync(nodeA, note.Id))!.State);
        Assert.Single(await InScopeAsync(nodeA, sp => sp.GetRequiredService<IWorkflowEngine>().HistoryAsync(note.Id)));
    }

    [Fact]
    public async Task A_timeout_whose_instance_moved_on_is_skipped_not_fired()
    {
        var note = await StartAsync(_host, "timer-3");
        var liaison = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new("name", "neijiang-liaison"), new(Platform.Core.Access.GrantClaim.ClaimType,
                new Platform.Core.Access.GrantClaim(Platform.Core.Access.PlatformRoles.LiaisonOfficer, "511000", null).Format())], "test", "name", "role"));
        await InScopeAsync(_host, sp => sp.GetRequiredService<IWorkflowEngine>().FireAsync(note.Id, "submit", liaison, 1));
        _clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(0, await TickAsync(_host, "node-a"));
        Assert.Equal("submitted", (await FindAsync(_host, note.Id))!.State);
        var outcome = await InScopeAsync(_host, sp => sp.GetRequiredService<CoreDbContext>().WorkflowTimers
            .Where(t => t.InstanceId == note.Id).Select(t => t.Outcome).SingleAsync());
        Assert.Equal("skipped: moved on", outcome);
    }

    public void Dispose()
    {
        _host.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class WorkflowTimerTests_Sqlite() : WorkflowTimerTests(DatabaseKind.Sqlite);

public sealed class WorkflowTimerTests_Postgres() : WorkflowTimerTests(DatabaseKind.Postgres);
