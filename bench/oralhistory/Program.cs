using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OralHistoryBench;
using Platform.Cms.Search;
using Platform.Core.Content;
using Platform.Core.Data;
using Platform.Core.Search;
using Platform.Testing;

// Oral-history benchmark: (1) index 20,000 generated stories with the host's Lucene index, (2) search latency over a
// fixed query set through ISearchIndex and through a direct Lucene query on the same index, (3) the public story page
// against a bare Kestrel endpoint, both under wrk in the same run. Not a test: numbers depend on the machine.
var stories = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
GeneratedStories.Count = stories;

var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root is not null && !File.Exists(Path.Combine(root.FullName, "Platform.sln"))) root = root.Parent;
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PLATFORM_CMS", Path.Combine(root!.FullName, "src", "Platform.Cms"));

var port = FreePort();
using var host = new PlatformFactory(DatabaseKind.Sqlite, publicUrl: $"http://127.0.0.1:{port}",
    settings: new Dictionary<string, string> { ["Platform:Jobs:Enabled"] = "false", ["Logging:LogLevel:Default"] = "Warning", ["OralHistory:Demo"] = "true" },
    services: s => s.AddScoped<ISearchDocumentSource, GeneratedStories>());
host.UseKestrel(port);
host.StartServer();
Console.WriteLine($"host on SQLite at http://127.0.0.1:{port} (demo loaded)");

// 1. Indexing.
var index = host.Services.GetRequiredService<LuceneSearchIndex>();
var indexPath = Path.Combine(host.DataPath, "search-index");
var watch = Stopwatch.StartNew();
var built = await index.RebuildAsync(null);
var indexing = watch.Elapsed;
var megabytes = new DirectoryInfo(indexPath).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1024.0 / 1024.0;
Console.WriteLine($"indexing: {built.Documents:N0} documents in {indexing.TotalSeconds:F1} s, index {megabytes:F1} MB (target ≤ 30 s)");

// 2. Search latency, the platform's search against a direct Lucene query on the same index.
string[] queries = ["长津湖", "上甘岭", "王德胜", "猫耳洞", "门球队", "罐头盒", "戈壁滩", "电台", "编号1234号", "老乡", "木船", "李秀英", "馒头", "边防哨所", "那封信", "川藏线"];
var search = host.Services.GetRequiredService<ISearchIndex>();
async Task<double[]> TimeAsync(Func<string, Task> run, int rounds)
{
    var times = new List<double>();
    for (var r = 0; r < rounds; r++)
        foreach (var q in queries)
        {
            var t = Stopwatch.GetTimestamp();
            await run(q);
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
    return [.. times.Order()];
}
var hits = 0;
Task Platform(string q) => search.SearchAsync(new SearchQuery(q, "511000", "OralHistory", Take: 10)).ContinueWith(t => hits += t.Result.Hits.Count, TaskScheduler.Default);
using var directory = FSDirectory.Open(indexPath);
using var reader = DirectoryReader.Open(directory);
var searcher = new IndexSearcher(reader);
using var bigrams = new CJKAnalyzer(LuceneVersion.LUCENE_48);
Task Direct(string q)
{
    var tokens = new List<string>();
    using (var stream = bigrams.GetTokenStream("body_bi", q))
    {
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) tokens.Add(term.ToString());
        stream.End();
    }
    var title = new PhraseQuery { Boost = 2f };
    var body = new PhraseQuery();
    foreach (var token in tokens)
    {
        title.Add(new Term("title_bi", token));
        body.Add(new Term("body_bi", token));
    }
    var query = new BooleanQuery
    {
        { new BooleanQuery { { title, Occur.SHOULD }, { body, Occur.SHOULD } }, Occur.MUST },
        { new ConstantScoreQuery(new TermQuery(new Term("region", "511000"))) { Boost = 0f }, Occur.MUST },
        { new ConstantScoreQuery(new TermQuery(new Term("module", "OralHistory"))) { Boost = 0f }, Occur.MUST },
    };
    foreach (var scored in searcher.Search(query, 10).ScoreDocs)
        _ = searcher.Doc(scored.Doc).Get("url", CultureInfo.InvariantCulture);
    return Task.CompletedTask;
}
await TimeAsync(Platform, 20);
await TimeAsync(Direct, 20);
hits = 0;
var platformTimes = await TimeAsync(Platform, 200);
var directTimes = await TimeAsync(Direct, 200);
Console.WriteLine($"search ({queries.Length} queries × 200, {hits / 200} hits a round): platform p50 {P(platformTimes, 50):F2} ms, p95 {P(platformTimes, 95):F2} ms, p99 {P(platformTimes, 99):F2} ms");
Console.WriteLine($"                     direct Lucene p50 {P(directTimes, 50):F2} ms, p95 {P(directTimes, 95):F2} ms, p99 {P(directTimes, 99):F2} ms");
Console.WriteLine($"search p95 ratio platform/direct: {P(platformTimes, 95) / P(directTimes, 95):F2} (targets: p95 ≤ 5 ms and ≤ 1.5×)");

// 3. The story page against a bare Kestrel endpoint answering the same number of bytes, all under wrk, in this run: with
// no public cache at all, with the data cache only (no page output cache), and with the output cache for anonymous visitors.
string StoryUrl(PlatformFactory platform, int at)
{
    using var scope = platform.Services.CreateScope();
    var published = scope.ServiceProvider.GetRequiredService<IContentStore>().ListPublishedAsync(new ContentQuery("OralHistory", "story", "511000", Take: 50)).GetAwaiter().GetResult();
    return $"http://127.0.0.1:{at}/r/511000/oral-history/stories/{published.First(p => p.Title == "长津湖的冬天").Id}";
}
PlatformFactory Node(int at, string enabled, string pages) => new(DatabaseKind.Sqlite, publicUrl: $"http://127.0.0.1:{at}",
    settings: new Dictionary<string, string>
    {
        ["Platform:Jobs:Enabled"] = "false", ["Logging:LogLevel:Default"] = "Warning", ["OralHistory:Demo"] = "true",
        ["Platform:PublicCache:Enabled"] = enabled, ["Platform:PublicCache:Pages"] = pages,
        // As deployed (WebApplicationFactory would run the host as Development: scope validation in the container,
        // the developer exception page); the bare yardstick runs as Production too.
        [WebHostDefaults.EnvironmentKey] = Environment.GetEnvironmentVariable("BENCH_ENVIRONMENT") ?? "Production",
    });
var storyUrl = StoryUrl(host, port);
byte[] page;
using (var warm = new HttpClient()) page = await warm.GetByteArrayAsync(storyUrl);
var barePort = FreePort();
var bareBuilder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
bareBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
bareBuilder.WebHost.UseUrls($"http://127.0.0.1:{barePort}");
await using var bare = bareBuilder.Build();
Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(bare, "/", () => Microsoft.AspNetCore.Http.Results.Bytes(page, "text/html; charset=utf-8"));
await bare.StartAsync();
host.Dispose(); // one platform node at a time on the machine
var rates = new List<(string Mode, double Rate)>();
// BENCH_MODES=none,data,output picks modes (for profiling one of them); all three by default.
var picked = (Environment.GetEnvironmentVariable("BENCH_MODES") ?? "none,data,output").Split(',');
foreach (var (mode, enabled, pages) in new[] { ("no public cache", "false", "false"), ("data cache, no output cache", "true", "false"), ("output cache (anonymous)", "true", "true") }
    .Where(m => picked.Contains(m.Item2 == "false" ? "none" : m.Item3 == "false" ? "data" : "output")))
{
    var at = FreePort();
    using var node = Node(at, enabled, pages);
    node.UseKestrel(at);
    node.StartServer();
    var url = StoryUrl(node, at);
    using (var warm = new HttpClient()) for (var i = 0; i < 200; i++) await warm.GetStringAsync(url);
    // Then under wrk until the JIT has settled: 200 requests left most of the page's code to be compiled again at the
    // optimising tier during the measured run (on a busy machine the JIT thread took a quarter of the CPU there).
    Wrk(url, Math.Max(3, seconds / 2));
    // The yardstick right before and right after each mode, and the ratio against the higher of the two: a busy moment
    // that slowed one yardstick run (the one before the first mode overlaps the previous host's teardown and reads low)
    // cannot flatter the page.
    var bareBefore = Wrk($"http://127.0.0.1:{barePort}/", seconds);
    // What a page costs the collector: bytes allocated per request and the share of the run spent in GC pauses (the
    // process runs nothing else meanwhile; wrk is a separate process).
    // How busy this process kept the cores: a page that waits (on a lock, on I/O) leaves them idle where wrk cannot use them.
    using var self = Process.GetCurrentProcess();
    var (allocated, paused, collections, cpu, started) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), GC.CollectionCount(0), self.TotalProcessorTime, Stopwatch.GetTimestamp());
    var (rate, requests) = WrkRun(url, seconds);
    var wall = Stopwatch.GetElapsedTime(started);
    self.Refresh();
    var (perRequest, pauseShare, cores) = ((GC.GetTotalAllocatedBytes() - allocated) / requests, (GC.GetTotalPauseDuration() - paused) / wall, (self.TotalProcessorTime - cpu) / wall);
    var gcs = GC.CollectionCount(0) - collections;
    var bareAfter = Wrk($"http://127.0.0.1:{barePort}/", seconds);
    var bareRate = Math.Max(bareBefore, bareAfter);
    rates.Add((mode, rate));
    Console.WriteLine($"story page (SQLite), {mode}: {rate:N0} req/s against bare Kestrel ({page.Length:N0} bytes a response) {bareBefore:N0} req/s just before and " +
        $"{bareAfter:N0} just after; ratio {rate / bareRate:F3} (against the higher)");
    Console.WriteLine($"  {mode}: {perRequest:N0} bytes allocated a request, {gcs:N0} collections, {pauseShare:P1} of the run in GC pauses; " +
        $"the platform used {cores:F2} of {Environment.ProcessorCount} cores ({(self.TotalProcessorTime - cpu).TotalMicroseconds / requests:F0} µs of CPU a request)");
}
Console.WriteLine($"targets: uncached ≥ 0.15, output-cached ≥ 0.70 of bare Kestrel");
Console.WriteLine("reproduce: bench/oralhistory/run.sh " + string.Join(' ', args));
await bare.StopAsync();
return;

static double P(double[] sorted, int percentile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

static double Wrk(string url, int seconds) => WrkRun(url, seconds).Rate;

static (double Rate, long Requests) WrkRun(string url, int seconds)
{
    var start = new ProcessStartInfo("wrk", $"-t2 -c32 -d{seconds}s {url}") { RedirectStandardOutput = true };
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    var match = Regex.Match(output, @"Requests/sec:\s+([\d.]+)");
    if (!match.Success || Regex.IsMatch(output, "Non-2xx")) throw new InvalidOperationException("wrk failed or got errors:\n" + output);
    var requests = Regex.Match(output, @"(\d+) requests in");
    return (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture));
}
