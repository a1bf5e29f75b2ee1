using System.Diagnostics;
using System.Globalization;
using Bench.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Platform.Core.Data;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features.Excel;
using Platform.Testing;

// 240,000-row registry import on a fresh SQLite platform (demo regions loaded), with a baseline in the same run:
// only reading the same file row by row. Prints time and the process's peak memory after each step.
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 240_000;
var kind = args.Length > 1 && args[1] == "postgres" ? DatabaseKind.Postgres : DatabaseKind.Sqlite;
var file = Path.Combine(Path.GetTempPath(), $"veterans-bench-{rows}.xlsx");
string[] counties = ["511002", "511011", "511024", "511025", "511083"];

var watch = Stopwatch.StartNew();
MiniExcel.SaveAs(file, new VeteranRows(2026, counties, new DateOnly(2026, 1, 1)).Take(rows), overwriteFile: true);
Console.WriteLine($"generated {rows:N0} rows ({new FileInfo(file).Length / 1024 / 1024} MB) in {watch.Elapsed.TotalSeconds:F1} s");

// The in-process host's content root (a test project gets it from the test SDK; an exe says it here).
var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root is not null && !File.Exists(Path.Combine(root.FullName, "Platform.sln"))) root = root.Parent;
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PLATFORM_CMS", Path.Combine(root!.FullName, "src", "Platform.Cms"));
using var host = new PlatformFactory(kind);
_ = host.Server;
Report("host started", TimeSpan.Zero);

watch.Restart();
var read = 0;
foreach (IDictionary<string, object?> row in MiniExcel.Query(file, useHeaderRow: true)) read += row.Count > 0 ? 1 : 0;
Report($"baseline: read {read:N0} rows without checking or writing", watch.Elapsed);

var jobId = RegistryImport.NewJobId();
using (var scope = host.Services.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<VeteransDbContext>();
    db.ImportJobs.Add(new ImportJob { Id = jobId, RegionCode = "511000", Actor = "bench", FileName = "bench.xlsx", CreatedAt = DateTime.UtcNow });
    await db.SaveChangesAsync();
}
watch.Restart();
using (var scope = host.Services.CreateScope())
    await scope.ServiceProvider.GetRequiredService<RegistryImport>().RunAsync(jobId, file, counties.Append("511000").ToHashSet());
var elapsed = watch.Elapsed;
using (var scope = host.Services.CreateScope())
{
    var job = await scope.ServiceProvider.GetRequiredService<VeteransDbContext>().ImportJobs.SingleAsync(j => j.Id == jobId);
    Report($"import ({kind}): {job.State}, {job.Imported:N0} rows written, {(job.Errors ?? "no errors").Split('\n')[0]}", elapsed);
    Console.WriteLine($"targets: ≤ 60 s and ≤ 1024 MB → {(elapsed.TotalSeconds <= 60 && PeakMb() <= 1024 ? "met" : "NOT met")}");
}
File.Delete(file);
return;

static long PeakMb() => Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024;

static void Report(string what, TimeSpan time) => Console.WriteLine($"{what}: {time.TotalSeconds:F1} s, process peak {PeakMb()} MB");
