using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Core.Data;
using Platform.Core.Workflows;
using Platform.Testing;
using Platform.TestModules.Alpha;

namespace Platform.Cms.Tests.Workflows;

/// <summary>
/// A start written as statements in the caller's own command (<see cref="IWorkflowEngine.PrepareStartAsync"/>): the
/// instance and its audit entry are the same as a start through EF Core writes, they commit or roll back with the
/// caller, and a definition whose first state has entry actions is not offered this way.
/// </summary>
public abstract class StatementStartTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    /// <summary>Writes the start for <paramref name="entity"/> in one command of a transaction on the Alpha module's context; returns the instance.</summary>
    private async Task<WorkflowInstanceInfo> StartAsync(string entity, bool commit)
    {
        using var scope = host.Services.CreateScope();
        var engine = scope.ServiceProvider.GetRequiredService<IWorkflowEngine>();
        var start = await engine.PrepareStartAsync("Alpha", "publication", "511002", "neijiang-liaison", "p-org");
        Assert.NotNull(start);
        var alpha = scope.ServiceProvider.GetRequiredService<AlphaDbContext>();
        await using var tx = await alpha.Database.BeginTransactionAsync();
        var sql = new SqlStatements();
        var record = sql.Part($"{entity}");
        start.AddTo(sql, record);
        sql.Add($"SELECT {start.InstanceId(sql, record)}");
        await using var command = sql.CreateCommand(alpha.Database.GetDbConnection(), tx.GetDbTransaction());
        var id = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        if (commit) await tx.CommitAsync();
        else await tx.RollbackAsync();
        return start.Started(id, entity);
    }

    private async Task<(int Instances, int Audit)> TraceAsync(string entity)
    {
        using var scope = host.Services.CreateScope();
        var core = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        return (await core.WorkflowInstances.CountAsync(i => i.EntityId == entity),
            await core.Audit.CountAsync(a => a.Action == "workflow.start" && a.After == $"publication#{entity}：draft"));
    }

    [Fact]
    public async Task A_committed_start_is_the_instance_a_start_through_ef_core_writes_with_its_audit_entry()
    {
        var entity = "publication-sql-" + Guid.NewGuid().ToString("N");
        var started = await StartAsync(entity, commit: true);
        Assert.Equal((1, 1), await TraceAsync(entity));

        using var scope = host.Services.CreateScope();
        var found = await scope.ServiceProvider.GetRequiredService<IWorkflowEngine>().FindAsync(started.Id);
        Assert.NotNull(found);
        Assert.Equal(started with { UpdatedAt = found.UpdatedAt }, found);
        Assert.Equal(("Alpha", "publication", entity, "511002", "draft", 1, "neijiang-liaison", "p-org"),
            (found.ModuleId, found.WorkflowId, found.EntityId, found.RegionCode, found.State, found.Revision, found.UpdatedBy, found.OrganisationId));
        Assert.True(Math.Abs((found.UpdatedAt - started.UpdatedAt).TotalSeconds) < 1);
        var row = await scope.ServiceProvider.GetRequiredService<CoreDbContext>().WorkflowInstances.AsNoTracking().SingleAsync(i => i.Id == started.Id);
        Assert.Equal(("neijiang-liaison", (long?)null), (row.StartedBy, row.VariantId));
        // It moves on like any other instance.
        Assert.Equal(2, (await scope.ServiceProvider.GetRequiredService<Platform.Cms.Workflows.WorkflowEngine>()
            .FireBySystemAsync(started.Id, "submit", 1, "test", CancellationToken.None))?.Revision);
    }

    [Fact]
    public async Task A_rolled_back_start_leaves_no_instance_and_no_audit_entry()
    {
        var entity = "publication-sql-rollback-" + Guid.NewGuid().ToString("N");
        await StartAsync(entity, commit: false);
        Assert.Equal((0, 0), await TraceAsync(entity));
    }

    [Fact]
    public async Task A_workflow_whose_first_state_has_entry_actions_is_not_offered_as_statements()
    {
        using var scope = host.Services.CreateScope();
        var engine = scope.ServiceProvider.GetRequiredService<IWorkflowEngine>();
        Assert.Null(await engine.PrepareStartAsync("Alpha", "enquiry", "511002", "neijiang-liaison"));
        Assert.NotNull(await engine.PrepareStartAsync("Alpha", "publication", "511002", "neijiang-liaison"));
    }
}

public sealed class StatementStartTests_Sqlite(SqliteHost host) : StatementStartTests<SqliteHost>(host);

public sealed class StatementStartTests_Postgres(PostgresHost host) : StatementStartTests<PostgresHost>(host);
