using System.Diagnostics;
using Bench.Common;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Search;
using Platform.Core.Data;
using Platform.Core.Search;
using static System.FormattableString;
using Platform.Testing;

// Search benchmark (not a test). Usage: dotnet run -c Release --project bench/search [-- stories=20000 rounds=5]
var stories = Arg("stories", 20_000);
var rounds = Arg("rounds", 5);
var source = new GeneratedStories(stories);
// The in-process host's content root (WebApplicationFactory reads this before its manifest).
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PLATFORM_CMS", Path.Combine(FindRoot(), "src", "Platform.Cms"));
using var host = new PlatformFactory(DatabaseKind.Sqlite, settings: new Dictionary<string, string> { ["Platform:Jobs:Enabled"] = "false", ["Platform:ModuleDemoData"] = "false" },
    services: s => s.AddSingleton<ISearchDocumentSource>(source));
var index = host.Services.GetRequiredService<LuceneSearchIndex>();
var searchPath = host.Services.GetRequiredService<SearchOptions>().Path;

Console.Error.WriteLine($"==> indexing {stories:N0} generated stories through the platform's index");
GC.Collect();
var memoryBefore = Environment.WorkingSet;
var clock = Stopwatch.StartNew();
var built = await index.RebuildAsync(new Progress<long>(n => { if (n % 5000 == 0) Console.Error.WriteLine($"    {n:N0}"); }));
var indexSeconds = clock.Elapsed.TotalSeconds;
var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024;
var indexMb = System.IO.Directory.EnumerateFiles(searchPath).Sum(f => new FileInfo(f).Length) / 1024.0 / 1024.0;

// A fixed list of 200 queries: dictionary words, words SmartCn does not know, two-word queries, with and without a region.
var queries = GeneratedStories.Queries(200);
var (platform, direct, _) = await SearchTiming.RunAsync(index, searchPath, queries, rounds);
var P = SearchTiming.P;
var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
var report = new StringBuilder()
    .AppendLine(Invariant($"# 搜索基准 / Search benchmark — {date}"))
    .AppendLine()
    .AppendLine(Invariant($"{built.Documents:N0} generated stories (about 1,200 characters each, SQLite, `LuceneSearchIndex.RebuildAsync`): **{indexSeconds:0.0} s**, index {indexMb:0} MB on disk, process peak working set {peakMb} MB (before: {memoryBefore / 1024 / 1024} MB)."))
    .AppendLine()
    .AppendLine(Invariant($"Latency over {queries.Count} fixed queries × {rounds} rounds (after one warm-up round), same process, same index:"))
    .AppendLine()
    .AppendLine("| | p50 (ms) | p95 (ms) | p99 (ms) |")
    .AppendLine("|---|---:|---:|---:|")
    .AppendLine(Invariant($"| platform `ISearchIndex.SearchAsync` (SmartCn + bigram query, filters, highlighting) | {P(platform, .5):0.00} | {P(platform, .95):0.00} | {P(platform, .99):0.00} |"))
    .AppendLine(Invariant($"| direct Lucene (bigram phrase + region, top 10 titles) | {P(direct, .5):0.00} | {P(direct, .95):0.00} | {P(direct, .99):0.00} |"))
    .AppendLine(Invariant($"| ratio platform / direct | {P(platform, .5) / P(direct, .5):0.00}× | {P(platform, .95) / P(direct, .95):0.00}× | {P(platform, .99) / P(direct, .99):0.00}× |"))
    .AppendLine()
    .AppendLine("Targets: indexing 20,000 stories ≤ 30 s; search p95 ≤ 5 ms and ≤ 1.5× direct Lucene.")
    .AppendLine()
    .AppendLine(Invariant($"Machine: nproc={Environment.ProcessorCount}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}."))
    .AppendLine()
    .AppendLine(Invariant($"Reproduce: `dotnet run -c Release --project bench/search -- stories={stories} rounds={rounds}` from the repository root."))
    .ToString();
Console.WriteLine(report);
var results = Path.Combine(FindRoot(), "bench", "results", $"{date}-search.md");
await File.WriteAllTextAsync(results, report);
Console.Error.WriteLine($"written to {results}");

int Arg(string name, int fallback) => args.FirstOrDefault(a => a.StartsWith(name + "=", StringComparison.Ordinal)) is { } v ? int.Parse(v[(name.Length + 1)..], CultureInfo.InvariantCulture) : fallback;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Platform.sln"))) return dir.FullName;
    throw new InvalidOperationException("Run from inside the repository.");
}
