using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
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
var platform = new List<double>();
var direct = new List<double>();
using var reader = DirectoryReader.Open(FSDirectory.Open(searchPath));
var searcher = new IndexSearcher(reader);
using var bigrams = new CJKAnalyzer(LuceneVersion.LUCENE_48);
for (var round = 0; round <= rounds; round++)
{
    foreach (var (text, region) in queries)
    {
        var t0 = Stopwatch.GetTimestamp();
        var found = await index.SearchAsync(new SearchQuery(text, region));
        var t1 = Stopwatch.GetTimestamp();
        // The yardstick: the bigram phrase of each word and the region filter, straight on the same index, top 10
        // with their stored fields read (the platform also reads stored fields and highlights).
        var query = new BooleanQuery();
        foreach (var word in text.Split(' '))
        {
            var phrase = new PhraseQuery();
            foreach (var token in Tokens(bigrams, word)) phrase.Add(new Term("body_bi", token));
            query.Add(phrase, Occur.MUST);
        }
        if (region is not null) query.Add(new TermQuery(new Term("region", region)), Occur.MUST);
        var top = searcher.Search(query, 10);
        foreach (var hit in top.ScoreDocs) _ = searcher.Doc(hit.Doc).Get("title_cn", CultureInfo.InvariantCulture);
        var t2 = Stopwatch.GetTimestamp();
        if (round == 0) continue; // warm-up round
        platform.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
        direct.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
        GC.KeepAlive(found);
    }
}

double P(List<double> xs, double p) { var s = xs.Order().ToList(); return s[(int)Math.Ceiling(p * s.Count) - 1]; }
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

static List<string> Tokens(CJKAnalyzer analyzer, string text)
{
    var tokens = new List<string>();
    using var stream = analyzer.GetTokenStream("body_bi", text);
    var term = stream.AddAttribute<ICharTermAttribute>();
    stream.Reset();
    while (stream.IncrementToken()) tokens.Add(term.ToString());
    stream.End();
    return tokens;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Platform.sln"))) return dir.FullName;
    throw new InvalidOperationException("Run from inside the repository.");
}

/// <summary>Deterministic made-up life stories: sentences from campaigns, places, units and everyday words.</summary>
internal sealed class GeneratedStories(int count) : ISearchDocumentSource
{
    private static readonly string[] Campaigns = ["解放战争", "抗美援朝", "对越自卫反击战", "国防建设", "渡江战役", "上甘岭战役", "长津湖战役", "边境作战", "抗洪抢险", "唐山抗震"];
    private static readonly string[] Places = ["内江", "资中", "隆昌", "威远", "杭州", "西湖", "拱墅", "成都", "重庆", "南京", "沈阳", "丹东", "昆明", "老山", "者阴山"];
    private static readonly string[] Words = ["连队", "指导员", "战友", "炊事班", "冲锋号", "坑道", "炒面", "家书", "立功", "负伤", "复员", "转业", "军休所", "宣讲员", "老伴", "孙子", "勋章", "照片", "行军", "夜袭", "雪地", "高地", "电台", "卫生员", "担架"];
    private static readonly string[] Regions = ["511002", "511011", "511024", "511025", "511083", "330102", "330105", "330106"];

    public string ModuleId => "bench";

    public async IAsyncEnumerable<SearchDocument> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Story(i);
            if (i % 1000 == 0) await Task.Yield();
        }
    }

    public Task<SearchDocument?> FindAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult<SearchDocument?>(Story(int.Parse(key.Split(':')[1], CultureInfo.InvariantCulture)));

    private static SearchDocument Story(int i)
    {
        var random = new Random(i);
        var body = new StringBuilder();
        while (body.Length < 1200)
            body.Append(CultureInfo.InvariantCulture, $"那年在{Pick(random, Places)}，{Pick(random, Words)}和{Pick(random, Words)}一起，经历了{Pick(random, Campaigns)}。{Pick(random, Words)}说起{Pick(random, Words)}，眼里有光。");
        var campaign = Pick(random, Campaigns);
        return new SearchDocument($"bench:{i}", "OralHistory", "story", Pick(random, Regions), $"{Pick(random, Places)}的{Pick(random, Words)}：{campaign}回忆 {i}",
            body.ToString(), [campaign], 1946 + random.Next(60), $"/r/511000/oral-history/stories/{i}");
    }

    /// <summary>The fixed query list: the same every run.</summary>
    public static List<(string Text, string? Region)> Queries(int n)
    {
        var random = new Random(2026);
        return [.. Enumerable.Range(0, n).Select(i => (i % 4) switch
        {
            0 => (Pick(random, Campaigns), (string?)null),
            1 => (Pick(random, Words), (string?)"510000"),
            2 => ($"{Pick(random, Places)} {Pick(random, Words)}", (string?)"330000"),
            _ => ($"{Pick(random, Words)}{Pick(random, Words)}", (string?)null),
        })];
    }

    private static string Pick(Random random, string[] from) => from[random.Next(from.Length)];
}
