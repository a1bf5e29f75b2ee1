using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Testing;

namespace Platform.Cms.Tests.Data;

public abstract class StartupTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    [Fact]
    public async Task Health_reports_the_database_and_every_module()
    {
        var health = await host.CreateClient().GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(host.Kind.ToString().ToLowerInvariant(), health.GetProperty("database").GetString());
        var modules = health.GetProperty("modules").EnumerateArray()
            .Select(m => $"{m.GetProperty("id").GetString()}@{m.GetProperty("version").GetString()}").ToList();
        Assert.Equal(["Alpha@1.2.0", "Beta@0.3.0", "OralHistory@1.0.0", "Veterans@1.0.0"], modules);
    }

    [Fact]
    public async Task Migrations_create_every_table_from_empty_and_record_their_versions()
    {
        _ = host.Server;
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        Assert.Equal(CoreMigrations.All.Select(m => m.Version),
            await db.Database.SqlQueryRaw<int>("SELECT \"version\" AS \"Value\" FROM \"__migrations_core\" ORDER BY 1").ToListAsync());
        Assert.Equal(1, await db.Database.SqlQueryRaw<int>("SELECT \"version\" AS \"Value\" FROM \"__migrations_alpha\"").SingleAsync());
        Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM alpha_notes").SingleAsync());
        Assert.True(await db.Regions.AnyAsync(r => r.Code == "511000"));
    }

    [Fact]
    public async Task A_restart_on_the_same_database_applies_nothing_twice_and_keeps_the_data()
    {
        var client = await host.CreateAdminAsync();
        (await client.PostAsJsonAsync("/api/v1/alpha/notes?region=511002", new { text = "重启前的笔记" })).EnsureSuccessStatusCode();

        using var restarted = host.Restart();
        var again = restarted.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/health")).StatusCode);
        using var scope = restarted.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        Assert.Equal(CoreMigrations.All.Count, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"__migrations_core\"").SingleAsync());
        var page = await again.GetStringAsync("/r/511002/alpha/");
        Assert.Contains("重启前的笔记", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_enables_every_module_in_Neijiang_and_lists_them_on_its_home_page()
    {
        var home = await host.CreateClient().GetStringAsync("/r/511000/");
        Assert.Contains("内江市", home, StringComparison.Ordinal);
        Assert.Contains("href=\"/r/511000/alpha/\"", home, StringComparison.Ordinal);
        Assert.Contains("href=\"/r/511000/beta/\"", home, StringComparison.Ordinal);
        var county = await host.CreateClient().GetStringAsync("/r/511024/");
        Assert.Contains("href=\"/r/511024/beta/\"", county, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_enables_every_installed_module_in_Zhejiang_except_oral_history()
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var zhejiang = await db.Features.Where(f => f.RegionCode == "330000").OrderBy(f => f.ModuleId).ToListAsync();
        Assert.Equal(["Alpha", "Beta", "Veterans"], zhejiang.Select(f => f.ModuleId));
        Assert.All(zhejiang, f => Assert.True(f.Enabled));
        Assert.DoesNotContain(zhejiang, f => f.ModuleId == "OralHistory");
        Assert.False(await db.Features.AnyAsync(f => f.RegionCode == "510000"));
    }
}

public sealed class StartupTests_Sqlite(SqliteHost host) : StartupTests<SqliteHost>(host);

public sealed class StartupTests_Postgres(PostgresHost host) : StartupTests<PostgresHost>(host);
