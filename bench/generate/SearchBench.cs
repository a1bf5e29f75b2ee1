using System.Diagnostics;
using System.Globalization;
using Bench.Common;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Search;

namespace Bench.Generate;

/// <summary>
/// Builds this data folder's search index from the generated database (the published stories, through the host's
/// content source) and times the 200 fixed queries through the platform against direct Lucene on the same index, as
/// bench/search does. The index stays in the data folder, so the host started on it afterwards finds it up to date.
/// </summary>
public static class SearchBench
{
    public static async Task RunAsync(Options options)
    {
        await using var app = await BenchHost.OpenAsync(options, demo: false);
        var index = app.Services.GetRequiredService<LuceneSearchIndex>();
        var path = app.Services.GetRequiredService<SearchOptions>().Path;
        var watch = Stopwatch.StartNew();
        var built = await index.RebuildAsync(new Progress<long>(n => { if (n % 5000 == 0) Console.Error.WriteLine($"    indexed {n:N0}"); }));
        var seconds = watch.Elapsed.TotalSeconds;
        var queries = GeneratedStories.Queries(200);
        var (platform, direct, hits) = await SearchTiming.RunAsync(index, path, queries, options.Rounds);
        var p = SearchTiming.P;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SEARCH documents={built.Documents} index_seconds={seconds:F1} queries={queries.Count} rounds={options.Rounds} hits_per_round={hits / Math.Max(1, options.Rounds)} " +
            $"p50_ms={p(platform, .5):F2} p95_ms={p(platform, .95):F2} p99_ms={p(platform, .99):F2} " +
            $"direct_p50_ms={p(direct, .5):F2} direct_p95_ms={p(direct, .95):F2} direct_p99_ms={p(direct, .99):F2}"));
    }
}
