using System.Globalization;
using System.Threading.Channels;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Core.Search;

namespace Platform.Cms.Search;

/// <summary>Where this node keeps its index: <c>Platform:Search:Path</c>, else <c>search-index</c> under the data folder.</summary>
public sealed record SearchOptions(string Path);

/// <summary>Wakes the indexer when a change was recorded.</summary>
public sealed class SearchSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Pulse() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // the tick
        }
    }
}

/// <summary>How far a catch-up or rebuild got.</summary>
public sealed record IndexProgress(long Documents, long Cursor, bool Rebuilt);

/// <summary>
/// The node's Lucene index. Every document has its title and text twice: analysed by SmartCn (Chinese words) and
/// by CJK bigrams at their character offsets (so a word the dictionary does not know, such as 军休, 宣讲员 or a
/// person's name, is still found as a phrase of character pairs: <see cref="CharacterPositionAnalyzer"/>), plus its
/// region and every ancestor region, module, type, tags and year for filters. The index follows
/// <c>core_search_changes</c>: the highest change id applied is kept in the index's own commit data with the index's
/// <see cref="Format"/>, so a node that was down catches up, and a node without an index (or with one written another
/// way) builds it from every <see cref="ISearchDocumentSource"/>.
/// </summary>
public sealed class LuceneSearchIndex : ISearchIndex, IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string CursorKey = "cursor";
    private const string FormatKey = "format";
    /// <summary>How this code analyses documents: an index written another way (or before this mark) is built again.</summary>
    internal const string Format = "2: bigram positions are character offsets";
    private readonly IServiceScopeFactory _scopes;
    private readonly SearchSignal _signal;
    private readonly ILogger<LuceneSearchIndex> _logger;
    private readonly Analyzer _chinese = new SmartChineseAnalyzer(Version);
    private readonly Analyzer _bigrams = new CharacterPositionAnalyzer(Version);
    private readonly Analyzer _analyzer;
    private readonly FSDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly SearchFilters _filters = new();
    private bool _needsBuild;

    public LuceneSearchIndex(SearchOptions options, IServiceScopeFactory scopes, SearchSignal signal, ILogger<LuceneSearchIndex> logger)
    {
        _scopes = scopes;
        _signal = signal;
        _logger = logger;
        _analyzer = new PerFieldAnalyzerWrapper(_chinese, new Dictionary<string, Analyzer> { ["title_bi"] = _bigrams, ["body_bi"] = _bigrams });
        System.IO.Directory.CreateDirectory(options.Path);
        _directory = FSDirectory.Open(options.Path);
        _needsBuild = !DirectoryReader.IndexExists(_directory);
        SearchCodec.Register();
        _writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _analyzer) { OpenMode = OpenMode.CREATE_OR_APPEND, Codec = new SearchCodec() });
        if (!_needsBuild && (!_writer.CommitData.ContainsKey(CursorKey) || !_writer.CommitData.TryGetValue(FormatKey, out var format) || format != Format))
            _needsBuild = true;
        _searchers = new SearcherManager(_writer, true, null);
    }

    /// <summary>The highest change applied.</summary>
    public long Cursor => _writer.CommitData.TryGetValue(CursorKey, out var c) ? long.Parse(c, CultureInfo.InvariantCulture) : 0;

    /// <summary>Documents in the index.</summary>
    public int Count => _writer.NumDocs;

    public async Task MarkChangedAsync(string key, CancellationToken cancellationToken = default)
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        db.SearchChanges.Add(new SearchChange { Key = key, ChangedAt = DateTime.UtcNow });
        await db.SaveChangesAsync(cancellationToken);
        _signal.Pulse();
    }

    /// <summary>Applies the changes recorded since the cursor (building the whole index first when this node has none).</summary>
    public async Task<IndexProgress> CatchUpAsync(CancellationToken ct = default)
    {
        await _writing.WaitAsync(ct);
        try
        {
            if (_needsBuild) return await BuildLockedAsync(null, ct);
            using var scope = _scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
            var cursor = Cursor;
            long applied = 0;
            while (true)
            {
                var changes = await db.SearchChanges.AsNoTracking().Where(c => c.Id > cursor).OrderBy(c => c.Id).Take(1000).ToListAsync(ct);
                if (changes.Count == 0) break;
                foreach (var key in changes.Select(c => c.Key).Distinct(StringComparer.Ordinal))
                {
                    await ApplyAsync(scope.ServiceProvider, key, ct);
                    applied++;
                }
                cursor = changes[^1].Id;
                Commit(cursor);
            }
            return new IndexProgress(applied, cursor, false);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Drops the index and builds it again from every source, reporting progress.</summary>
    public async Task<IndexProgress> RebuildAsync(IProgress<long>? progress, CancellationToken ct = default)
    {
        await _writing.WaitAsync(ct);
        try
        {
            return await BuildLockedAsync(progress, ct);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task<IndexProgress> BuildLockedAsync(IProgress<long>? progress, CancellationToken ct)
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        // Changes recorded while the build reads the sources are applied afterwards (applying twice is harmless).
        var cursor = await db.SearchChanges.MaxAsync(c => (long?)c.Id, ct) ?? 0;
        var regions = await scope.ServiceProvider.GetRequiredService<PlatformState>().GetAsync(ct);
        _writer.DeleteAll();
        // The sources are read in order on this task; analysing the documents (SmartCn above all: about 70 % of a build)
        // runs on one worker per core, each adding to the writer, which takes documents from several threads at once. A
        // worker's failure stops the build and is what the caller gets; nothing is committed then.
        var queue = Channel.CreateBounded<SearchDocument>(new BoundedChannelOptions(256) { SingleWriter = true });
        long count = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var workers = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => Task.Run(async () =>
        {
            try
            {
                await foreach (var document in queue.Reader.ReadAllAsync(stop.Token))
                {
                    _writer.AddDocument(ToLucene(document, regions));
                    var added = Interlocked.Increment(ref count);
                    if (added % 1000 == 0) progress?.Report(added);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // another worker failed, or the caller cancelled: that is what the build reports
            }
            catch
            {
                await stop.CancelAsync();
                throw;
            }
        }, CancellationToken.None)).ToList();
        try
        {
            try
            {
                foreach (var source in scope.ServiceProvider.GetServices<ISearchDocumentSource>())
                    await foreach (var document in source.AllAsync(stop.Token))
                        await queue.Writer.WriteAsync(document, stop.Token);
            }
            finally
            {
                queue.Writer.Complete();
                await Task.WhenAll(workers); // a worker's failure replaces the cancellation it caused here
            }
            ct.ThrowIfCancellationRequested(); // cancelled while the workers finished the queue: not a whole index
        }
        catch
        {
            // The writer holds the deletion and part of the documents, uncommitted: the next catch-up must build the
            // whole index again rather than commit them with its changes.
            _needsBuild = true;
            throw;
        }
        progress?.Report(count);
        // One segment: a search then looks each term up once and sets up one scorer per clause instead of one per segment
        // (the parallel build leaves several; bench/search: p95 5.3 → 4.6 ms for 1.6 s more building). Later changes add
        // small segments, which Lucene's merge policy keeps few.
        _writer.ForceMerge(1);
        Commit(cursor);
        _needsBuild = false;
        _logger.LogInformation("Search index built: {Count} documents, cursor {Cursor}", count, cursor);
        return new IndexProgress(count, cursor, true);
    }

    private async Task ApplyAsync(IServiceProvider services, string key, CancellationToken ct)
    {
        var prefix = key.Split(':', 2)[0];
        var source = services.GetServices<ISearchDocumentSource>().FirstOrDefault(s => s.ModuleId == prefix);
        var document = source is null ? null : await source.FindAsync(key, ct);
        if (document is null) _writer.DeleteDocuments(new Term("key", key));
        else _writer.UpdateDocument(new Term("key", key), ToLucene(document, await services.GetRequiredService<PlatformState>().GetAsync(ct)));
    }

    private void Commit(long cursor)
    {
        _writer.SetCommitData(new Dictionary<string, string> { [CursorKey] = cursor.ToString(CultureInfo.InvariantCulture), [FormatKey] = Format });
        _writer.Commit();
        _searchers.MaybeRefreshBlocking();
    }

    private static Document ToLucene(SearchDocument d, StateSnapshot regions)
    {
        var doc = new Document
        {
            new StringField("key", d.Key, Field.Store.YES),
            new StringField("module", d.ModuleId, Field.Store.YES),
            new StringField("type", d.Type, Field.Store.YES),
            new StringField("region_code", d.RegionCode, Field.Store.YES),
            new TextField("title_cn", d.Title, Field.Store.YES),
            new TextField("title_bi", d.Title, Field.Store.NO),
            new TextField("body_cn", d.Body, Field.Store.NO),
            new TextField("body_bi", d.Body, Field.Store.YES),
            new StoredField("url", d.Url),
            new StoredField("summary", d.Summary ?? ""),
        };
        foreach (var region in Regions.RegionDirectory.Ancestry(regions, d.RegionCode).Select(r => r.Code).DefaultIfEmpty(d.RegionCode))
            doc.Add(new StringField("region", region, Field.Store.NO));
        foreach (var tag in d.Tags) doc.Add(new StringField("tag", tag, Field.Store.YES));
        if (d.Year is { } year) doc.Add(new StringField("year", year.ToString(CultureInfo.InvariantCulture), Field.Store.YES));
        return doc;
    }

    public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken = default)
    {
        var terms = (query.Text ?? "").Trim();
        if (terms.Length > 100) terms = terms[..100];
        var words = terms.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return Task.FromResult(new SearchResults([], 0));

        var searcher = _searchers.Acquire();
        try
        {
            return Task.FromResult(Search(searcher, query, words));
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    private SearchResults Search(IndexSearcher searcher, SearchQuery query, string[] words)
    {
        var main = new BooleanQuery();
        var marks = new List<string>(words); // what the snippet marks: the words as typed, and the dictionary words found in them
        foreach (var word in words)
        {
            var clause = new BooleanQuery();
            var bigrams = PairToken.Read(_bigrams, "body_bi", word);
            if (bigrams.Count > 0)
            {
                clause.Add(Phrase(searcher.IndexReader, "title_bi", bigrams, 2f), Occur.SHOULD);
                clause.Add(Phrase(searcher.IndexReader, "body_bi", bigrams, 1f), Occur.SHOULD);
            }
            // Dictionary words add precision and ranking; a word SmartCn splits into single characters is unknown to
            // it, and left to the bigram phrase alone.
            var words2 = PairToken.Read(_chinese, "body_cn", word).ConvertAll(t => t.Text);
            if (words2.Count > 0 && !(word.Length > 1 && words2.Any(w => w.Length == 1 && w[0] >= 0x3400)))
            {
                var all = new BooleanQuery();
                marks.AddRange(words2.Where(w => w.Length > 1));
                foreach (var w in words2)
                {
                    var either = new BooleanQuery { { new TermQuery(new Term("title_cn", w)) { Boost = 3f }, Occur.SHOULD }, { new TermQuery(new Term("body_cn", w)), Occur.SHOULD } };
                    all.Add(either, Occur.MUST);
                }
                clause.Add(all, Occur.SHOULD);
            }
            if (clause.Clauses.Count == 0) continue;
            main.Add(clause, Occur.MUST);
        }
        if (main.Clauses.Count == 0) return new SearchResults([], 0);
        var filters = new List<(string, string)>(5);
        Filter(filters, "region", query.RegionCode);
        Filter(filters, "module", query.ModuleId);
        Filter(filters, "type", query.Type);
        Filter(filters, "tag", query.Tag);
        Filter(filters, "year", query.Year?.ToString(CultureInfo.InvariantCulture));
        var filtered = _filters.Apply(main, filters);
        var take = Math.Clamp(query.Take, 1, 50);
        var skip = Math.Max(0, query.Skip);
        var top = searcher.Search(filtered, skip + take);
        var hits = new List<SearchHit>();
        foreach (var scored in top.ScoreDocs.Skip(skip))
        {
            var doc = searcher.Doc(scored.Doc);
            var body = doc.Get("body_bi", CultureInfo.InvariantCulture) ?? "";
            var snippet = Snippet(body, marks, 90);
            snippet ??= System.Net.WebUtility.HtmlEncode(Shorten(doc.Get("summary", CultureInfo.InvariantCulture) is { Length: > 0 } summary ? summary : body, 120));
            hits.Add(new SearchHit(doc.Get("key", CultureInfo.InvariantCulture), doc.Get("module", CultureInfo.InvariantCulture), doc.Get("type", CultureInfo.InvariantCulture), doc.Get("region_code", CultureInfo.InvariantCulture), doc.Get("title_cn", CultureInfo.InvariantCulture), snippet,
                doc.Get("url", CultureInfo.InvariantCulture), doc.GetValues("tag", CultureInfo.InvariantCulture), int.TryParse(doc.Get("year", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture, out var y) ? y : null, scored.Score));
        }
        return new SearchResults(hits, top.TotalHits);
    }

    private static void Filter(List<(string, string)> filters, string field, string? value)
    {
        if (!string.IsNullOrEmpty(value)) filters.Add((field, value));
    }

    /// <summary>How many indexed pairs a lone character of the query may stand for (<see cref="Phrase"/>).</summary>
    internal const int MaxPairsForOneCharacter = 4096;

    /// <summary>
    /// The bigram phrase of one typed word, each token at its character offset in the word (the field's positions are
    /// character offsets: <see cref="CharacterPositionAnalyzer"/>), without the pairs its neighbours imply
    /// (<see cref="PairToken.Needed"/>). A Chinese character standing alone between digits or letters in the query
    /// (38军, 1950年, 编号12号) is one token there, but in a text it usually starts a longer run (38军的战士, 1950年冬天) and
    /// is indexed only inside pairs (军的, 年冬): at the end of the word it stands for every indexed pair starting with it
    /// (and itself); at the start of a longer word it is left out (in a text it may end a run, 第38军 in 他是第38军的, and
    /// the rest of the phrase still has to match where it is); between two other tokens it is matched as it is.
    /// </summary>
    private static Query Phrase(IndexReader reader, string field, List<PairToken> tokens, float boost)
    {
        var first = tokens.Count > 1 && IsLoneCharacter(tokens[0].Text) ? 1 : 0;
        var last = tokens.Count - 1;
        var origin = tokens[first].Start;
        var needed = PairToken.Needed(tokens, first, last, text => reader.DocFreq(new Term(field, text)));
        if (!IsLoneCharacter(tokens[last].Text))
        {
            var phrase = new PhraseQuery { Boost = boost };
            for (var i = first; i <= last; i++)
                if (needed[i]) phrase.Add(new Term(field, tokens[i].Text), tokens[i].Start - origin);
            return phrase;
        }
        var multi = new MultiPhraseQuery { Boost = boost };
        for (var i = first; i < last; i++)
            if (needed[i]) multi.Add([new Term(field, tokens[i].Text)], tokens[i].Start - origin);
        multi.Add(StartingWith(reader, field, tokens[last].Text), tokens[last].Start - origin);
        return multi;
    }

    private static bool IsLoneCharacter(string token) =>
        token.Length == 1 && char.GetUnicodeCategory(token[0]) == UnicodeCategory.OtherLetter
        || token.Length == 2 && char.IsSurrogatePair(token[0], token[1]);

    /// <summary>The character itself and every indexed pair of <paramref name="field"/> starting with it (at most <see cref="MaxPairsForOneCharacter"/>).</summary>
    private static Term[] StartingWith(IndexReader reader, string field, string character)
    {
        var found = new List<Term> { new(field, character) };
        var terms = MultiFields.GetTerms(reader, field)?.GetEnumerator();
        if (terms is null) return [.. found];
        var prefix = new BytesRef(character);
        if (terms.SeekCeil(prefix) == TermsEnum.SeekStatus.END) return [.. found];
        do
        {
            var term = terms.Term;
            if (!StringHelper.StartsWith(term, prefix)) break;
            if (!term.BytesEquals(prefix)) found.Add(new Term(field, BytesRef.DeepCopyOf(term)));
        }
        while (found.Count < MaxPairsForOneCharacter && terms.MoveNext());
        return [.. found];
    }

    /// <summary>
    /// The snippet: about <paramref name="length"/> characters of <paramref name="text"/> around the first place one of
    /// <paramref name="marks"/> occurs, HTML-encoded, each occurrence in it wrapped in <c>&lt;mark&gt;</c> (longest
    /// first, ignoring case); null when none occurs. Plain string work: analysing the body again cost more than the search.
    /// </summary>
    public static string? Snippet(string text, IReadOnlyList<string> marks, int length)
    {
        var first = -1;
        foreach (var mark in marks)
        {
            var at = mark.Length == 0 ? -1 : text.IndexOf(mark, StringComparison.OrdinalIgnoreCase);
            if (at >= 0 && (first < 0 || at < first)) first = at;
        }
        if (first < 0) return null;
        var start = Math.Max(0, Math.Min(first - length / 4, text.Length - length));
        if (start > 0 && char.IsLowSurrogate(text[start])) start++;
        var end = Math.Min(text.Length, start + length);
        if (end < text.Length && char.IsHighSurrogate(text[end - 1])) end--;
        var window = text[start..end];
        var ordered = marks.Where(m => m.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(m => m.Length).ToList();
        var html = new System.Text.StringBuilder(window.Length + 64);
        if (start > 0) html.Append('…');
        var plainFrom = 0;
        for (var i = 0; i < window.Length;)
        {
            var hit = ordered.FirstOrDefault(m => string.Compare(window, i, m, 0, m.Length, StringComparison.OrdinalIgnoreCase) == 0 && i + m.Length <= window.Length);
            if (hit is null)
            {
                i++;
                continue;
            }
            html.Append(System.Net.WebUtility.HtmlEncode(window[plainFrom..i])).Append("<mark>")
                .Append(System.Net.WebUtility.HtmlEncode(window.Substring(i, hit.Length))).Append("</mark>");
            i += hit.Length;
            plainFrom = i;
        }
        html.Append(System.Net.WebUtility.HtmlEncode(window[plainFrom..]));
        if (end < text.Length) html.Append('…');
        return html.ToString();
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
        _chinese.Dispose();
        _bigrams.Dispose();
        _writing.Dispose();
    }
}
