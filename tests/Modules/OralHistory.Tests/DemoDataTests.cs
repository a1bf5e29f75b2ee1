using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Content;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Demo;
using Platform.Core.Data;
using Platform.Testing;

namespace Platform.OralHistory.Tests;

/// <summary>The demo shows the whole feature in Neijiang and keeps Hangzhou's stories out of sight, the same every time.</summary>
public abstract class DemoDataTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    [Fact]
    public async Task A_dozen_stories_are_loaded_with_the_column_volumes_and_honours()
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OralHistoryDbContext>();
        Assert.Equal(12, await db.Stories.CountAsync());
        Assert.Equal(9, await db.Stories.CountAsync(s => s.RegionCode.StartsWith("511")));
        Assert.Equal(3, await db.ColumnSlots.CountAsync(s => s.ColumnRegion == "511000"));
        Assert.Equal(2, await db.Collections.CountAsync());
        Assert.Equal(4, await db.Honours.CountAsync());
        var published = await scope.ServiceProvider.GetRequiredService<IContentStore>().ListPublishedAsync(new ContentQuery("OralHistory", "story", "511000", Take: 50));
        Assert.Equal(6, published.Count);
    }

    [Fact]
    public async Task Neijiang_shows_the_column_story_and_Hangzhou_answers_as_if_the_module_were_absent()
    {
        using var client = host.CreateClient();
        var index = await client.GetStringAsync("/r/511000/oral-history/");
        Assert.Contains("每周专栏 · 本周故事", index, StringComparison.Ordinal);
        Assert.Contains("长津湖的冬天", index, StringComparison.Ordinal);
        Assert.Contains("烽火记忆——内江军休老兵口述实录（第一辑）", index, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/r/330100/oral-history/")).StatusCode);
        var era = await client.GetStringAsync("/r/511000/oral-history/?era=" + Uri.EscapeDataString("对越自卫反击战"));
        Assert.Contains("老山前线的猫耳洞", era, StringComparison.Ordinal);
        Assert.DoesNotContain("渡江战役的木船", era, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_media_are_the_same_every_time()
    {
        Assert.Equal(DemoMedia.Photo(1), DemoMedia.Photo(1));
        Assert.Equal(DemoMedia.Recording(), DemoMedia.Recording());
        Assert.Equal(44 + 16 * 8000, DemoMedia.Recording().Length);
    }
}

/// <summary>A demo host with oral history's demo switched on (the shared fixture leaves it out).</summary>
public sealed class DemoSqliteHost() : PlatformFactory(DatabaseKind.Sqlite, settings: new Dictionary<string, string> { ["OralHistory:Demo"] = "true" });

public sealed class DemoPostgresHost() : PlatformFactory(DatabaseKind.Postgres, settings: new Dictionary<string, string> { ["OralHistory:Demo"] = "true" });

public sealed class DemoDataTests_Sqlite(DemoSqliteHost host) : DemoDataTests<DemoSqliteHost>(host);

public sealed class DemoDataTests_Postgres(DemoPostgresHost host) : DemoDataTests<DemoPostgresHost>(host);
