using Bench.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features.Excel;
using Platform.Modules.Veterans.Features.Registry;

namespace Bench.Generate;

/// <summary>Rest homes through <see cref="Institutions"/>, veterans through the registry's Excel import (its bulk path).</summary>
public static class Registry
{
    /// <summary>Today for the generated ages (fixed, so the same seed gives the same people on any day).</summary>
    public static readonly DateOnly Reference = new(2026, 11, 1);

    public static async Task<Dictionary<string, long>> InstitutionsAsync(IServiceProvider services, Options options, IReadOnlyList<RegionTree.Row> prefectures, Progress progress)
    {
        var count = options.Count(1000);
        var byPrefecture = new Dictionary<string, long>();
        for (var i = 0; i < count; i++)
        {
            var prefecture = prefectures[i % prefectures.Count];
            var id = await RegionTree.WithScope(services, sp => sp.GetRequiredService<Institutions>().CreateAsync(BenchHost.Admin, prefecture.Code,
                $"{prefecture.Name}第{i / prefectures.Count + 1}军队离休退休干部休养所", $"{prefecture.Name}休养所路 {i % 90 + 1} 号", $"0{800 + i % 100}{2000000 + i}", "所长\n医生\n联络员"));
            byPrefecture.TryAdd(prefecture.Code, id);
            progress.Tick("institutions", i + 1, count);
        }
        return byPrefecture;
    }

    /// <summary>The registry spreadsheet a bureau would upload: the import's input, written apart so its time is not the import's.</summary>
    public static async Task<string> SpreadsheetAsync(Options options, IReadOnlyList<RegionTree.Row> counties, Dictionary<string, long> homes)
    {
        var parentOf = counties.ToDictionary(c => c.Code, c => c.Parent!);
        var file = Path.Combine(options.Data, "bench-veterans.xlsx");
        var generator = new VeteranRows(options.Seed, counties.Select(c => c.Code).ToList(), Reference,
            county => homes.TryGetValue(parentOf[county], out var id) ? id : null);
        await MiniExcel.SaveAsAsync(file, generator.Take(options.Count(240_000)), overwriteFile: true);
        return file;
    }

    /// <returns>Rows written.</returns>
    public static async Task<int> VeteransAsync(IServiceProvider services, Options options, string file, IReadOnlyList<RegionTree.Row> counties, Progress progress)
    {
        var rows = options.Count(240_000);
        var jobId = RegistryImport.NewJobId();
        await RegionTree.WithScope(services, async sp =>
        {
            var db = sp.GetRequiredService<VeteransDbContext>();
            db.ImportJobs.Add(new ImportJob { Id = jobId, RegionCode = "100000", Actor = "bench-generator", FileName = "bench-veterans.xlsx", CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var written = new Progress<int>(n => progress.Tick("veterans written", n, rows));
        await RegionTree.WithScope(services, async sp =>
        {
            await sp.GetRequiredService<RegistryImport>().RunAsync(jobId, file, counties.Select(c => c.Code).ToHashSet(), written);
            return 0;
        });
        var job = await RegionTree.WithScope(services, sp => sp.GetRequiredService<VeteransDbContext>().ImportJobs.AsNoTracking().SingleAsync(j => j.Id == jobId));
        File.Delete(file);
        if (job.State != ImportState.Done) throw new InvalidOperationException($"The registry import was {job.State}: {job.Errors}");
        return job.Imported;
    }
}
