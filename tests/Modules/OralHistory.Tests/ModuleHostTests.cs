using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Workflows;
using Platform.Modules.OralHistory.Data;
using Platform.Testing;

namespace Platform.OralHistory.Tests;

/// <summary>The module installs on both databases: its tables, its publication workflow, its static player script.</summary>
public abstract class ModuleHostTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    [Fact]
    public async Task Its_tables_are_created_and_empty_tables_answer_queries()
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OralHistoryDbContext>();
        Assert.Equal(0, await db.ColumnSlots.CountAsync(s => s.ColumnRegion == "nowhere"));
        Assert.Equal(0, await db.Honours.CountAsync(h => h.RegionCode == "nowhere"));
    }

    [Fact]
    public void The_publication_workflow_is_loaded_with_its_consent_guard_and_events()
    {
        var definition = host.Services.GetRequiredService<WorkflowCatalog>().Find("OralHistory", "story-publication");
        Assert.NotNull(definition);
        Assert.Equal(["approve", "publish"], definition.Transitions.Where(t => t.Guard == "story-consent").Select(t => t.Name));
        Assert.Contains(new EmitAction("content-publish"), definition.State("published")!.OnEntry);
        Assert.Contains(new EmitAction("content-unpublish"), definition.State("unpublished")!.OnEntry);
    }

    [Fact]
    public async Task The_player_script_is_a_static_file_and_the_module_is_absent_in_Zhejiang()
    {
        using var client = host.CreateClient();
        var script = await client.GetAsync("/r/511000/oral-history/assets/story-player.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Contains("currentTime", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/r/511000/oral-history/assets/..%2Fstory.sbn")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/r/330100/oral-history/assets/story-player.js")).StatusCode);
    }
}

public sealed class ModuleHostTests_Sqlite(SqliteHost host) : ModuleHostTests<SqliteHost>(host);

public sealed class ModuleHostTests_Postgres(PostgresHost host) : ModuleHostTests<PostgresHost>(host);
