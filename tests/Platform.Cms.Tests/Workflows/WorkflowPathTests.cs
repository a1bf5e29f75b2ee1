using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Cms.Workflows;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Data;
using Platform.Core.Workflows;
using Platform.Testing;

namespace Platform.Cms.Tests.Workflows;

/// <summary>
/// The note-review process with its guard and timeout, customised by Neijiang (a county review before the city
/// approves, and a shorter draft timeout), run through every path; Zhejiang keeps the module's process, running
/// instances keep what they started with, an older shipped version still runs, and a broken timeout faults and
/// retries.
/// </summary>
public abstract class WorkflowPathTests : IDisposable
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
    private readonly PlatformFactory _host;

    protected WorkflowPathTests(DatabaseKind kind) =>
        _host = new PlatformFactory(kind,
            settings: new Dictionary<string, string> { ["Platform:Jobs:Enabled"] = "false" },
            services: s => s.AddSingleton<TimeProvider>(_clock));

    internal static ClaimsPrincipal Person(string name, params GrantClaim[] grants) => new(new ClaimsIdentity(
        [new Claim("name", name), .. grants.Select(g => new Claim(GrantClaim.ClaimType, g.Format()))], "test", "name", "role"));

    internal static readonly ClaimsPrincipal Liaison = Person("neijiang-liaison", new GrantClaim(PlatformRoles.LiaisonOfficer, "511000", null));
    internal static readonly ClaimsPrincipal Sichuan = Person("sichuan", new GrantClaim(PlatformRoles.BureauAdmin, "510000", null));
    internal static readonly ClaimsPrincipal Zhejiang = Person("zhejiang", new GrantClaim(PlatformRoles.BureauAdmin, "330000", null));
    private static readonly ClaimsPrincipal Admin = Person("admin", new GrantClaim(PlatformRoles.PlatformAdmin, null, null));

    private static readonly ExtraStep CountyReview = new("approve", "county-review", "县级审核通过", "县级已审核", "alpha.approve");

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = _host.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    private Task<WorkflowInstanceInfo> StartAsync(string entity, string region) =>
        InScopeAsync(sp => sp.GetRequiredService<IWorkflowEngine>().StartAsync("Alpha", "note-review", entity, region, "neijiang-liaison"));

    private async Task<WorkflowInstanceInfo> FireAsync(WorkflowInstanceInfo at, string transition, ClaimsPrincipal who) =>
        await InScopeAsync(sp => sp.GetRequiredService<IWorkflowEngine>().FireAsync(at.Id, transition, who, at.Revision));

    private Task<PlatformException> RefusedAsync(WorkflowInstanceInfo at, string transition, ClaimsPrincipal who) =>
        Assert.ThrowsAsync<PlatformException>(() => FireAsync(at, transition, who));

    private Task<WorkflowCustomisationRow> CustomiseAsync(ClaimsPrincipal who, string region, WorkflowCustomisation change) =>
        InScopeAsync(sp => sp.GetRequiredService<WorkflowCustomisations>().AddAsync(who, "Alpha", "note-review", region, change));

    private Task<int> TickAsync() => InScopeAsync(sp => sp.GetRequiredService<WorkflowTimers>().RunDueAsync("node"));

    private Task<WorkflowInstanceInfo> FindAsync(long id) => InScopeAsync(async sp => (await sp.GetRequiredService<IWorkflowEngine>().FindAsync(id))!);

    private Task<IReadOnlyList<WorkflowStep>> HistoryAsync(long id) => InScopeAsync(sp => sp.GetRequiredService<IWorkflowEngine>().HistoryAsync(id));

    [Fact]
    public async Task Every_path_runs_with_the_county_step_and_shorter_timeout_that_Neijiang_added()
    {
        var before = await StartAsync("path-before", "511002"); // started before the customisation: keeps the module's process
        await CustomiseAsync(Sichuan, "511000", CountyReview);
        await CustomiseAsync(Sichuan, "511000", new TimeoutChange("draft", "expire", TimeSpan.FromDays(2)));

        // Path 1 (511002 inherits from 511000): submit → county review → guard refuses an empty note → approve.
        var note = await FireAsync(await StartAsync("path-approve", "511002"), "submit", Liaison);
        Assert.Equal(409, (await RefusedAsync(note, "approve", Sichuan)).Status); // the city must wait for the county
        var reviewed = await FireAsync(note, "county-review", Sichuan);
        Assert.Equal("county-review-done", reviewed.State);
        var approved = await FireAsync(reviewed, "approve", Sichuan);
        Assert.Equal("approved", approved.State);
        Assert.Equal(["submit", "county-review", "approve"], (await HistoryAsync(note.Id)).Select(h => h.Transition));

        // Path 2: the guard refuses to approve an empty note, after the county review too.
        var empty = await FireAsync(await FireAsync(await StartAsync("path-empty", "511002"), "submit", Liaison), "county-review", Sichuan);
        var guard = await RefusedAsync(empty, "approve", Sichuan);
        Assert.Equal((409, "笔记没有内容，不能通过。"), (guard.Status, guard.MessageZh));

        // Path 3: returned after the county review, back to a draft, which then expires after Neijiang's 2 days.
        var returned = await FireAsync(await FireAsync(await FireAsync(await StartAsync("path-return", "511002"), "submit", Liaison), "county-review", Sichuan), "return", Sichuan);
        Assert.Equal("draft", returned.State);
        _clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        Assert.True(await TickAsync() >= 1);
        Assert.Equal("expired", (await FindAsync(returned.Id)).State);

        // Path 4: returned straight from submitted (the county may return too).
        var back = await FireAsync(await FireAsync(await StartAsync("path-back", "511002"), "submit", Liaison), "return", Sichuan);
        Assert.Equal("draft", back.State);

        // The instance started before the change keeps the module's process: approve directly, and its 7-day timeout.
        Assert.Equal("draft", (await FindAsync(before.Id)).State);
        var direct = await FireAsync(await FireAsync(await FindAsync(before.Id), "submit", Liaison), "approve", Sichuan);
        Assert.Equal("approved", direct.State);

        // Zhejiang is not under Neijiang: its notes need no county review and wait 7 days before expiring.
        var hangzhou = await StartAsync("path-hangzhou", "330102");
        var zhejiangNote = await FireAsync(await FireAsync(hangzhou, "submit", Zhejiang), "approve", Zhejiang);
        Assert.Equal("approved", zhejiangNote.State);
        var draft = await StartAsync("path-hangzhou-draft", "330102");
        _clock.Advance(TimeSpan.FromDays(3));
        await TickAsync();
        Assert.Equal("draft", (await FindAsync(draft.Id)).State);
        _clock.Advance(TimeSpan.FromDays(4) + TimeSpan.FromMinutes(1));
        await TickAsync();
        Assert.Equal("expired", (await FindAsync(draft.Id)).State);
    }

    [Fact]
    public async Task Removing_a_change_affects_new_instances_only()
    {
        var row = await CustomiseAsync(Sichuan, "510000", CountyReview);
        var withStep = await FireAsync(await StartAsync("remove-1", "511002"), "submit", Liaison);
        await InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<WorkflowCustomisations>().RemoveAsync(Sichuan, row.Id);
            return 0;
        });
        var without = await FireAsync(await StartAsync("remove-2", "511002"), "submit", Liaison);
        Assert.Equal("approved", (await FireAsync(without, "approve", Sichuan)).State);
        Assert.Equal(409, (await RefusedAsync(withStep, "approve", Sichuan)).Status);
        Assert.Equal("county-review-done", (await FireAsync(withStep, "county-review", Sichuan)).State);
        var audit = await InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().Audit.Where(a => a.Action.StartsWith("workflow.customise")).Select(a => a.Action).ToListAsync());
        Assert.Equal(["workflow.customise", "workflow.customise-removed"], audit);
    }

    [Fact]
    public async Task A_change_made_on_one_node_reaches_new_instances_started_on_another_within_a_second()
    {
        // The other node: its own platform state and its own cache of the definitions new instances follow.
        using var scope = _host.Services.CreateScope();
        var sp = scope.ServiceProvider;
        using var otherState = new PlatformState(sp.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System);
        var otherNode = new WorkflowResolver(sp.GetRequiredService<CoreDbContext>(), sp.GetRequiredService<WorkflowCatalog>(), otherState,
            new WorkflowVariantCache(), Microsoft.Extensions.Logging.Abstractions.NullLogger<WorkflowResolver>.Instance);
        var current = sp.GetRequiredService<WorkflowCatalog>().Find("Alpha", "note-review")!;
        Assert.Null((await otherNode.ForNewInstanceAsync(current, "511002", CancellationToken.None)).VariantId); // kept by the other node

        await CustomiseAsync(Sichuan, "511000", CountyReview);
        var here = await StartAsync("node-here", "511002"); // this node: at once
        Assert.NotNull(await InScopeAsync(p => p.GetRequiredService<CoreDbContext>().WorkflowInstances.Where(i => i.Id == here.Id).Select(i => i.VariantId).SingleAsync()));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        long? variant;
        while ((variant = (await otherNode.ForNewInstanceAsync(current, "511002", CancellationToken.None)).VariantId) is null && watch.Elapsed < TimeSpan.FromSeconds(5))
            await Task.Delay(50);
        Assert.NotNull(variant);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"the other node saw the change after {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Only_what_the_definition_marks_customisable_can_change_and_only_by_the_regions_bureau()
    {
        var notCustomisable = await Assert.ThrowsAsync<PlatformException>(() => CustomiseAsync(Sichuan, "511000", CountyReview with { Before = "submit" }));
        Assert.Equal(400, notCustomisable.Status);
        Assert.Contains("不允许地区在其前增加步骤", notCustomisable.MessageZh, StringComparison.Ordinal);
        var unknownPermission = await Assert.ThrowsAsync<PlatformException>(() => CustomiseAsync(Sichuan, "511000", CountyReview with { Permission = "beta.greet" }));
        Assert.Contains("不是模块 Alpha 声明的权限", unknownPermission.MessageZh, StringComparison.Ordinal);
        var badTimeout = await Assert.ThrowsAsync<PlatformException>(() => CustomiseAsync(Sichuan, "511000", new TimeoutChange("submitted", "approve", TimeSpan.FromDays(1))));
        Assert.Contains("没有执行“approve”的时限", badTimeout.MessageZh, StringComparison.Ordinal);
        Assert.Equal(404, (await Assert.ThrowsAsync<PlatformException>(() => CustomiseAsync(Zhejiang, "511000", CountyReview))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<PlatformException>(() => CustomiseAsync(Liaison, "511000", CountyReview))).Status);
        await CustomiseAsync(Sichuan, "511000", CountyReview);
        var twice = await Assert.ThrowsAsync<PlatformException>(() => CustomiseAsync(Admin, "511002", CountyReview));
        Assert.Contains("已被流程使用", twice.MessageZh, StringComparison.Ordinal); // 511002 already has it from 511000

        var stored = await InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().WorkflowCustomisations.CountAsync());
        Assert.Equal(1, stored);
    }

    [Fact]
    public async Task An_instance_of_an_earlier_shipped_version_runs_on_that_version()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var old = await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CoreDbContext>();
            var row = new WorkflowInstance
            {
                ModuleId = "Beta", WorkflowId = "greeting", Version = 1, EntityId = "greeting-v1", RegionCode = "511002", State = "met",
                Revision = 1, CreatedAt = now, UpdatedAt = now, UpdatedBy = "before-upgrade",
            };
            db.WorkflowInstances.Add(row);
            await db.SaveChangesAsync();
            return row.Id;
        });
        var info = await FindAsync(old);
        Assert.Equal(409, (await RefusedAsync(info, "bow", Sichuan)).Status);
        Assert.Equal("greeted", (await FireAsync(info, "wave", Sichuan)).State);

        var fresh = await InScopeAsync(sp => sp.GetRequiredService<IWorkflowEngine>().StartAsync("Beta", "greeting", "greeting-v2", "511002", "sichuan"));
        Assert.Equal(2, fresh.Version);
        Assert.Equal("greeted", (await FireAsync(fresh, "bow", Sichuan)).State);
    }

    [Fact]
    public async Task A_timeout_whose_guard_breaks_faults_the_instance_until_an_administrator_retries()
    {
        var entity = "boom-" + Guid.NewGuid().ToString("N"); // the guard's repair list is shared by every host in this process
        var note = await StartAsync(entity, "511002");
        _clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(0, await TickAsync());
        var faulted = await FindAsync(note.Id);
        Assert.Equal("draft", faulted.State);
        Assert.Contains("expiry service unavailable", faulted.Fault, StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<PlatformException>(() => InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<WorkflowEngine>().RetryAsync(note.Id, Zhejiang);
            return 0;
        }));
        Assert.Equal(404, refused.Status);

        Platform.TestModules.Alpha.ExpiryCheckGuard.Repaired[entity] = true;
        await InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<WorkflowEngine>().RetryAsync(note.Id, Sichuan);
            return 0;
        });
        Assert.Null((await FindAsync(note.Id)).Fault);
        Assert.Equal(1, await TickAsync());
        Assert.Equal("expired", (await FindAsync(note.Id)).State);
        Assert.Equal(1, await InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().Audit.CountAsync(a => a.Action == "workflow.retry")));
    }

    [Fact]
    public async Task A_transition_scheduled_for_a_date_fires_once_then_and_not_after_the_instance_moved_on()
    {
        var note = await StartAsync("scheduled-1", "511002");
        var due = _clock.GetUtcNow().UtcDateTime.AddDays(3);
        await InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IWorkflowEngine>().ScheduleAsync(note.Id, "submit", due, "editor");
            return 0;
        });
        var refused = await Assert.ThrowsAsync<PlatformException>(() => InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IWorkflowEngine>().ScheduleAsync(note.Id, "approve", due, "editor");
            return 0;
        }));
        Assert.Equal(409, refused.Status);
        _clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await TickAsync());
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await TickAsync());
        Assert.Equal(("submitted", "system:timeout"), ((await FindAsync(note.Id)).State, (await HistoryAsync(note.Id)).Single().Actor));
    }

    [Fact]
    public async Task Retention_removes_long_finished_processes_and_keeps_running_ones()
    {
        var finished = await FireAsync(await FireAsync(await StartAsync("keep-not", "511002"), "submit", Liaison), "approve", Sichuan);
        var running = await FireAsync(await StartAsync("keep-running", "511002"), "submit", Liaison);
        await InScopeAsync(sp => sp.GetRequiredService<Platform.Cms.Notifications.OutboxDispatcher>().RunDueAsync("node"));
        _clock.Advance(TimeSpan.FromDays(1100));
        var result = await InScopeAsync(sp => sp.GetRequiredService<WorkflowRetention>().RunAsync());
        Assert.Equal(1, result.Instances);
        Assert.Null(await InScopeAsync(sp => sp.GetRequiredService<IWorkflowEngine>().FindAsync(finished.Id)));
        Assert.Equal("submitted", (await FindAsync(running.Id)).State);
        Assert.Empty(await HistoryAsync(finished.Id));
        Assert.Single(await HistoryAsync(running.Id));
        Assert.Equal(1, await InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().Audit.CountAsync(a => a.Action == "workflow.retention")));
    }

    public void Dispose()
    {
        _host.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class WorkflowPathTests_Sqlite() : WorkflowPathTests(DatabaseKind.Sqlite);

public sealed class WorkflowPathTests_Postgres() : WorkflowPathTests(DatabaseKind.Postgres);
