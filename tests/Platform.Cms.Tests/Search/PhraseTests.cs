using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Cms.Search;
using Platform.Core.Data;
using Platform.Core.Search;
using Platform.Testing;

namespace Platform.Cms.Tests.Search;

/// <summary>
/// The bigram fields' positions are character offsets: a word's phrase matches where the word is written and never
/// across punctuation, even with the pairs its neighbours imply left out; an index written another way is built again;
/// stored fields (kept uncompressed by the platform's codec) come back as written.
/// </summary>
public sealed class PhraseTests : IDisposable
{
    private const string Found = "/texts/found";

    /// <summary>Made-up names (unknown to SmartCn, so only the bigram phrase can find them) in a few texts.</summary>
    private sealed class Texts : ISearchDocumentSource
    {
        public static readonly (string Url, string Body)[] All =
        [
            (Found, "我的班长叫琰翊磊珂，参加过上甘岭战役，后来是连队指导员。"),
            // 琰翊 and 翊磊 are next to each other as tokens, but not as text.
            ("/texts/comma", "名单上写着琰翊，翊磊两个字。"),
            // 琰翊 two characters before 磊珂 as tokens (琰翊 瑄磊 磊珂), but not as text.
            ("/texts/between", "名单上写着琰翊，瑄磊珂两个字。"),
            // 翊磊 is common, so 琰翊磊珂's phrase leaves it out and keeps 琰翊 and 磊珂.
            ("/texts/common1", "翊磊来信了。"),
            ("/texts/common2", "翊磊又来信了。"),
            ("/texts/common3", "翊磊还在写信。"),
        ];

        public string ModuleId => "texts";

        public async IAsyncEnumerable<SearchDocument> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            foreach (var (url, body) in All)
                yield return new SearchDocument($"texts:{url}", "OralHistory", "story", "511002", "访谈", body, [], null, url);
        }

        public Task<SearchDocument?> FindAsync(string key, CancellationToken cancellationToken) => Task.FromResult<SearchDocument?>(null);
    }

    private readonly string _path = Path.Combine(Path.GetTempPath(), "phrase-tests-" + Guid.NewGuid().ToString("N"));
    private readonly PlatformFactory _host = new(DatabaseKind.Sqlite, demo: false, settings: new Dictionary<string, string> { ["Platform:Jobs:Enabled"] = "false" },
        services: s => s.AddSingleton<ISearchDocumentSource>(new Texts()));

    /// <summary>An index of its own at <see cref="_path"/>, so the test can look at its files and write them as another version did.</summary>
    private LuceneSearchIndex Index() =>
        new(new SearchOptions(_path), _host.Services.GetRequiredService<IServiceScopeFactory>(), new SearchSignal(), NullLogger<LuceneSearchIndex>.Instance);

    private static async Task<List<string?>> FoundAsync(LuceneSearchIndex index, string typed) =>
        [.. (await index.SearchAsync(new SearchQuery(typed, null))).Hits.Select(h => h.Url).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_word_is_found_where_it_is_written_and_never_across_punctuation()
    {
        using var index = Index();
        await index.CatchUpAsync();
        Assert.Equal([Found], await FoundAsync(index, "琰翊磊珂"));
        Assert.Equal([Found], await FoundAsync(index, "琰翊磊"));
        Assert.Equal([Found], await FoundAsync(index, "翊磊珂"));
        Assert.Equal([Found], await FoundAsync(index, "上甘岭战役"));
        Assert.Equal([Found], await FoundAsync(index, "连队指导员"));
        Assert.Equal(["/texts/between", Found], await FoundAsync(index, "磊珂"));
        Assert.Equal(["/texts/comma", "/texts/common1", "/texts/common2", "/texts/common3", Found], await FoundAsync(index, "翊磊"));
    }

    [Fact]
    public void A_phrase_leaves_out_the_pairs_its_neighbours_imply_but_keeps_the_rarest()
    {
        using var analyzer = new CharacterPositionAnalyzer(Lucene.Net.Util.LuceneVersion.LUCENE_48);
        var tokens = PairToken.Read(analyzer, "body_bi", "上甘岭战役");
        Assert.Equal([("上甘", 0), ("甘岭", 1), ("岭战", 2), ("战役", 3)], tokens.Select(t => (t.Text, t.Start)));
        Assert.Equal([true, false, true, true], PairToken.Needed(tokens, 0, 3, _ => 100));
        Assert.Equal([true, true, false, true], PairToken.Needed(tokens, 0, 3, pair => pair == "甘岭" ? 1 : 100));
        // 38军: no run of pairs, nothing to leave out, nothing looked up.
        var unit = PairToken.Read(analyzer, "body_bi", "第38军");
        Assert.Equal([("第", 0, false), ("38", 1, false), ("军", 3, false)], unit.Select(t => (t.Text, t.Start, t.Pair)));
        Assert.Equal([false, true, true], PairToken.Needed(unit, 1, 2, _ => throw new InvalidOperationException("looked up")));
    }

    [Fact]
    public async Task An_index_written_by_an_earlier_version_is_built_again_at_the_next_catch_up()
    {
        using (var index = Index())
        {
            Assert.True((await index.CatchUpAsync()).Rebuilt);
            Assert.False((await index.CatchUpAsync()).Rebuilt);
        }
        using (var index = Index())
            Assert.False((await index.CatchUpAsync()).Rebuilt); // this version's index is kept
        // What an earlier version committed: a cursor, no format.
        using (var directory = FSDirectory.Open(_path))
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, new Lucene.Net.Analysis.Core.KeywordAnalyzer())))
        {
            writer.SetCommitData(new Dictionary<string, string> { ["cursor"] = "0" });
            writer.Commit();
        }
        using (var index = Index())
        {
            Assert.True((await index.CatchUpAsync()).Rebuilt);
            Assert.Equal([Found], await FoundAsync(index, "琰翊磊珂"));
        }
    }

    [Fact]
    public async Task Stored_fields_come_back_as_they_were_written()
    {
        using var index = Index();
        await index.RebuildAsync(null);
        foreach (var (url, body) in Texts.All)
        {
            var hit = (await index.SearchAsync(new SearchQuery(body[..^1], null))).Hits[0]; // the whole text as one word: its own document first
            Assert.Equal((url, "访谈", "texts:" + url, "511002"), (hit.Url, hit.Title, hit.Key, hit.RegionCode));
            Assert.Equal($"<mark>{body[..^1]}</mark>。", hit.SnippetHtml);
        }
    }

    public void Dispose()
    {
        _host.Dispose();
        if (System.IO.Directory.Exists(_path)) System.IO.Directory.Delete(_path, recursive: true);
    }
}
