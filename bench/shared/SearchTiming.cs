using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Platform.Core.Search;

namespace Bench.Common;

/// <summary>
/// Times each query through the platform's <see cref="ISearchIndex"/> and, as the yardstick, the bigram phrase of the
/// same words (every pair, at consecutive positions, as Lucene's CJKAnalyzer gives them) with the region filter straight
/// on the same index with Lucene (top 10, stored fields read), alternately, after one warm-up round. Shared by bench/search and bench/generate.
/// </summary>
public static class SearchTiming
{
    public sealed record Result(List<double> Platform, List<double> Direct, int Hits);

    public static async Task<Result> RunAsync(ISearchIndex index, string indexPath, IReadOnlyList<(string Text, string? Region)> queries, int rounds)
    {
        var platform = new List<double>();
        var direct = new List<double>();
        var hits = 0;
        using var directory = FSDirectory.Open(indexPath);
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        Console.Error.WriteLine($"index: {reader.Leaves.Count} segments, {reader.NumDocs} documents");
        using var bigrams = new CJKAnalyzer(LuceneVersion.LUCENE_48);
        for (var round = 0; round <= rounds; round++)
        {
            foreach (var (text, region) in queries)
            {
                var t0 = Stopwatch.GetTimestamp();
                var found = await index.SearchAsync(new SearchQuery(text, region));
                var t1 = Stopwatch.GetTimestamp();
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
                hits += found.Hits.Count;
                if (Environment.GetEnvironmentVariable("BENCH_DUMP") is not null) Console.Error.WriteLine($"Q\t{text}\t{region}\t{Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds:0.000}\t{Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds:0.000}\t{found.Total}\t{top.TotalHits}");
            }
        }
        return new Result(platform, direct, hits);
    }

    /// <summary>The nearest-rank percentile (<paramref name="p"/> from 0 to 1).</summary>
    public static double P(List<double> xs, double p)
    {
        var s = xs.Order().ToList();
        return s[Math.Max(0, (int)Math.Ceiling(p * s.Count) - 1)];
    }

    private static List<string> Tokens(CJKAnalyzer analyzer, string text)
    {
        var tokens = new List<string>();
        using var stream = analyzer.GetTokenStream("body_bi", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) tokens.Add(term.ToString());
        stream.End();
        return tokens;
    }
}
