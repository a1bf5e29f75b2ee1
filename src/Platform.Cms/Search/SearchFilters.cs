using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Platform.Cms.Search;

/// <summary>
/// A query's filters (region subtree, module, type, tag, year) as one bit set per index segment, kept for the
/// segment's lifetime (Lucene's <see cref="CachingWrapperFilter"/>: keyed by the segment's core, so a new or merged
/// segment gets its own; deletions are applied per search). As required clauses the filters led the conjunction and
/// every hit was advanced through them, and a whole-region filter made Lucene walk the query's disjunction doc by doc
/// (a third of the search, measured); as bits they are looked up per candidate and the query keeps its bulk scorer.
/// </summary>
internal sealed class SearchFilters
{
    // Distinct combinations are few (regions × modules); tag and year come from the address bar, so the bound keeps
    // arbitrary ones from growing it. Each holds one bit per document per segment.
    private const int Capacity = 256;
    private static readonly FilteredQuery.FilterStrategy Strategy = new RandomAccessBulkStrategy();
    private readonly ConcurrentDictionary<string, Filter> _filters = new(StringComparer.Ordinal);

    /// <summary>The query restricted to documents having every (field, value); the query itself when there is none.</summary>
    public Query Apply(Query query, IReadOnlyList<(string Field, string Value)> terms)
    {
        if (terms.Count == 0) return query;
        // Values come from the address bar: length-prefixed, so no value can spell another combination's key.
        var key = string.Concat(terms.Select(t => $"{t.Field}:{t.Value.Length}:{t.Value};"));
        if (!_filters.TryGetValue(key, out var filter))
        {
            if (_filters.Count >= Capacity) _filters.Clear();
            var all = new BooleanQuery();
            foreach (var (field, value) in terms) all.Add(new TermQuery(new Term(field, value)), Occur.MUST);
            filter = _filters.GetOrAdd(key, new BitSetCachingFilter(new QueryWrapperFilter(all)));
        }
        return new FilteredQuery(query, filter, Strategy);
    }

    /// <summary>Caches a fixed bit set (random access) where Lucene's default keeps a compressed one that can only be iterated.</summary>
    private sealed class BitSetCachingFilter(Filter filter) : CachingWrapperFilter(filter)
    {
        protected override DocIdSet CacheImpl(DocIdSetIterator iterator, AtomicReader reader)
        {
            var bits = new FixedBitSet(reader.MaxDoc);
            bits.Or(iterator);
            return bits;
        }
    }

    /// <summary>
    /// Lucene's random-access strategy, except that the query is scored by its own bulk scorer with the filter as the
    /// accepted documents (the stock strategy wraps a doc-at-a-time scorer, which for a query of only optional clauses
    /// is slower than Lucene's window scorer). A sparse filter still leads, as in the stock strategy.
    /// </summary>
    private sealed class RandomAccessBulkStrategy : FilteredQuery.RandomAccessFilterStrategy
    {
        public override BulkScorer? FilteredBulkScorer(AtomicReaderContext context, Weight weight, bool scoreDocsInOrder, DocIdSet docIdSet)
        {
            var bits = docIdSet.Bits;
            var iterator = bits is null ? null : docIdSet.GetIterator();
            if (bits is null || iterator is null) return base.FilteredBulkScorer(context, weight, scoreDocsInOrder, docIdSet);
            var first = iterator.NextDoc();
            if (first == DocIdSetIterator.NO_MORE_DOCS) return null;
            return UseRandomAccess(bits, first)
                ? weight.GetBulkScorer(context, scoreDocsInOrder, bits)
                : base.FilteredBulkScorer(context, weight, scoreDocsInOrder, docIdSet);
        }
    }
}
