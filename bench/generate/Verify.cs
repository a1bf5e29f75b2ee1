using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Modules.Providers.Data;
using Platform.Modules.Sanatoriums.Data;
using Platform.Modules.Veterans.Data;

namespace Bench.Generate;

/// <summary>
/// Determinism check: generates at a tiny scale twice with the same seed into two fresh SQLite folders, then compares
/// the row counts and a SHA-256 of the names (regions, rest homes, veterans, providers, sanatoriums, batches, stories).
/// </summary>
public static class Verify
{
    public static async Task<bool> RunAsync(Options options)
    {
        var summaries = new List<string>();
        foreach (var n in new[] { 1, 2 })
        {
            var folder = Directory.CreateTempSubdirectory($"platform-bench-verify{n}-").FullName;
            var run = options with { Scale = 0.0005, Db = "sqlite", Connection = null, Data = folder, Verify = false };
            var generator = new System.Diagnostics.Process { StartInfo = new(Environment.ProcessPath!, [typeof(Verify).Assembly.Location, "generate", "--seed", run.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--scale", "0.0005", "--data", folder]) };
            generator.Start();
            await generator.WaitForExitAsync();
            if (generator.ExitCode != 0) throw new InvalidOperationException($"generation {n} failed ({generator.ExitCode})");
            await using var app = await BenchHost.OpenAsync(run, demo: false);
            summaries.Add(await SummaryAsync(app.Services));
            Console.WriteLine($"run {n}: {summaries[^1]}");
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
        var same = summaries[0] == summaries[1];
        Console.WriteLine(same ? "VERIFY same counts and names: deterministic" : "VERIFY FAILED: the two runs differ");
        return same;
    }

    private static async Task<string> SummaryAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var core = sp.GetRequiredService<CoreDbContext>();
        var veterans = sp.GetRequiredService<VeteransDbContext>();
        var providers = sp.GetRequiredService<ProvidersDbContext>();
        var sanatoriums = sp.GetRequiredService<SanatoriumsDbContext>();
        var parts = new (string Name, List<string> Values)[]
        {
            ("regions", await core.Regions.Select(r => r.Code + r.Name).ToListAsync()),
            ("institutions", await veterans.Institutions.Select(i => i.Name).ToListAsync()),
            ("veterans", await veterans.Veterans.Select(v => v.Name + v.IdNumber).ToListAsync()),
            ("providers", await providers.Providers.Select(p => p.LegalName + p.CreditCode).ToListAsync()),
            ("sanatoriums", await sanatoriums.Sanatoriums.Select(s => s.Name).ToListAsync()),
            ("batches", await sanatoriums.Batches.Select(b => b.Title).ToListAsync()),
            ("stories", await core.ContentItems.Where(c => c.ModuleId == "OralHistory" && c.PublishedVersion != null).Select(c => c.RegionCode + c.Title).ToListAsync()),
        };
        return string.Join(", ", parts.Select(p => $"{p.Name} {p.Values.Count} {Hash(p.Values)}"));
    }

    private static string Hash(List<string> values) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', values.Order(StringComparer.Ordinal)))))[..12];
}
