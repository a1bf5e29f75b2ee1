using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Core.Workflows;
using Platform.Testing;
using Platform.TestModules.Alpha;

namespace Platform.Cms.Tests.Workflows;

/// <summary>
/// A module starts a process inside its own transaction (one write turn): the instance, its audit entry, its timer and
/// its outbox row commit or roll back with the module's rows, and its events are delivered only after the commit.
/// </summary>
public abstract class JoinedStartTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private sealed record Trace(bool Note, int Instances, int Audit, int Outbox, int OutboxDone, int Timers, int Events);

    /// <summary>What the database (read through fresh contexts) and the event subscriber hold of one entity.</summary>
    private async Task<Trace> TraceAsync(string entity)
    {
        using var scope = host.Services.CreateScope();
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var ids = await core.WorkflowInstances.AsNoTracking().Where(i => i.EntityId == entity).Select(i => i.Id).ToListAsync();
        return new Trace(
            await scope.ServiceProvider.GetRequiredService<AlphaDbContext>().Notes.AnyAsync(n => n.Text == entity),
            ids.Count,
            await core.Audit.CountAsync(a => a.Action == "workflow.start" && a.After!.Contains(entity)),
            await core.Outbox.CountAsync(m => ids.Contains(m.InstanceId)),
            await core.Outbox.CountAsync(m => ids.Contains(m.InstanceId) && m.ProcessedAt != null),
            await core.WorkflowTimers.CountAsync(t => ids.Contains(t.InstanceId)),
            NoteApprovedRecorder.Received.Count(e => e.Instance.EntityId == entity));
    }

    /// <summary>A note and its enquiry process written in one transaction of the Alpha module's own context.</summary>
    private static async Task<JoinedWorkflowStart> NoteWithProcessAsync(IServiceProvider services, AlphaDbContext alpha, string entity)
    {
        alpha.Notes.Add(new AlphaNote { RegionCode = "511002", Text = entity, CreatedAt = DateTime.UtcNow });
        await alpha.SaveChangesAsync();
        return await services.GetRequiredService<IWorkflowEngine>().StartAsync(alpha, "Alpha", "enquiry", entity, "511002", "neijiang-liaison");
    }

    [Fact]
    public async Task A_rollback_of_the_callers_transaction_leaves_no_instance_no_audit_no_outbox_and_tells_nobody()
    {
        var entity = "enquiry-rollback-" + Guid.NewGuid().ToString("N");
        using (var scope = host.Services.CreateScope())
        {
            var alpha = scope.ServiceProvider.GetRequiredService<AlphaDbContext>();
            await using var tx = await alpha.Database.BeginTransactionAsync();
            var started = await NoteWithProcessAsync(scope.ServiceProvider, alpha, entity);
            Assert.Equal(("opened", 1), (started.Instance.State, started.Instance.Revision));
            await tx.RollbackAsync();

            // The engine's own context has its own connection back and works in the same scope.
            var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
            Assert.NotSame(alpha.Database.GetDbConnection(), core.Database.GetDbConnection());
            Assert.Null(core.Database.CurrentTransaction);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IWorkflowEngine>().FindAsync(started.Instance.Id));
        }
        Assert.Equal(new Trace(false, 0, 0, 0, 0, 0, 0), await TraceAsync(entity));
    }

    [Fact]
    public async Task A_commit_keeps_the_instance_with_its_audit_timer_and_outbox_and_the_event_is_delivered_after_it()
    {
        var entity = "enquiry-commit-" + Guid.NewGuid().ToString("N");
        using var scope = host.Services.CreateScope();
        var alpha = scope.ServiceProvider.GetRequiredService<AlphaDbContext>();
        JoinedWorkflowStart started;
        await using (var tx = await alpha.Database.BeginTransactionAsync())
        {
            started = await NoteWithProcessAsync(scope.ServiceProvider, alpha, entity);
            // Before the commit nobody else sees any of it, and no subscriber has been told.
            Assert.Equal(new Trace(false, 0, 0, 0, 0, 0, 0), await TraceAsync(entity));
            await tx.CommitAsync();
        }
        var committed = await TraceAsync(entity);
        Assert.Equal((true, 1, 1, 1, 1), (committed.Note, committed.Instances, committed.Audit, committed.Outbox, committed.Timers));

        await started.AfterCommitAsync();
        Assert.Equal(new Trace(true, 1, 1, 1, 1, 1, 1), await TraceAsync(entity));
        var delivered = NoteApprovedRecorder.Received.Single(e => e.Instance.EntityId == entity);
        Assert.Equal(("EnquiryOpened", "opened", started.Instance.Id), (delivered.Name, delivered.Instance.State, delivered.Instance.Id));
        var instance = await scope.ServiceProvider.GetRequiredService<IWorkflowEngine>().FindAsync(started.Instance.Id);
        Assert.Equal(("enquiry", entity, "neijiang-liaison"), (instance!.WorkflowId, instance.EntityId, instance.UpdatedBy));
    }

    [Fact]
    public async Task The_engines_pooled_context_comes_back_with_its_own_connection_after_joining()
    {
        var own = await ConnectionStringAsync();
        for (var i = 0; i < 3; i++)
        {
            using var scope = host.Services.CreateScope();
            var alpha = scope.ServiceProvider.GetRequiredService<AlphaDbContext>();
            await using var tx = await alpha.Database.BeginTransactionAsync();
            await NoteWithProcessAsync(scope.ServiceProvider, alpha, $"enquiry-pool-{i}-{Guid.NewGuid():N}");
            await tx.CommitAsync();
        }
        Assert.Equal(own, await ConnectionStringAsync());

        async Task<string?> ConnectionStringAsync()
        {
            using var scope = host.Services.CreateScope();
            var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
            Assert.True(await core.Regions.AnyAsync()); // it still reads, on a connection of its own
            return core.Database.GetConnectionString();
        }
    }

    [Fact]
    public async Task The_engines_writes_take_no_savepoints_in_the_callers_transaction_and_its_context_keeps_its_setting()
    {
        using var scope = host.Services.CreateScope();
        var alpha = scope.ServiceProvider.GetRequiredService<AlphaDbContext>();
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        using var savepoints = new SavepointWatch();
        await using (var tx = await alpha.Database.BeginTransactionAsync())
        {
            await NoteWithProcessAsync(scope.ServiceProvider, alpha, "enquiry-savepoints-" + Guid.NewGuid().ToString("N"));
            await tx.CommitAsync();
        }
        // Only the caller's own SaveChanges took one (its context's default); the instance, audit entry, timer and
        // outbox row went in without (the caller rolls back when the start fails).
        Assert.Equal(1, savepoints.Count);
        Assert.True(core.Database.AutoSavepointsEnabled);
    }

    [Fact]
    public async Task Starting_inside_a_caller_without_a_transaction_is_a_programming_error()
    {
        using var scope = host.Services.CreateScope();
        var alpha = scope.ServiceProvider.GetRequiredService<AlphaDbContext>();
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            scope.ServiceProvider.GetRequiredService<IWorkflowEngine>().StartAsync(alpha, "Alpha", "enquiry", "enquiry-no-tx", "511002", "test"));
        Assert.Equal(0, (await TraceAsync("enquiry-no-tx")).Instances);
    }
}

public sealed class JoinedStartTests_Sqlite(SqliteHost host) : JoinedStartTests<SqliteHost>(host);

public sealed class JoinedStartTests_Postgres(PostgresHost host) : JoinedStartTests<PostgresHost>(host);
