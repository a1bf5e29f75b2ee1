namespace Platform.Core.Search;

/// <summary>
/// What a module puts in the search index for one public record (a story, a sanatorium, an offering). Only public
/// things are documents: a draft or a private record is never given to the index.
/// </summary>
/// <param name="Key">Unique across the platform, <c>{ModuleId}:{type}:{id}</c>.</param>
/// <param name="ModuleId">The module.</param>
/// <param name="Type">The kind of record (e.g. <c>story</c>).</param>
/// <param name="RegionCode">The record's region: a region's site searches its subtree.</param>
/// <param name="Title">Title.</param>
/// <param name="Body">Plain text to search (no HTML).</param>
/// <param name="Tags">Tags (e.g. campaigns: 抗美援朝), filterable.</param>
/// <param name="Year">A year to filter by (e.g. of the events told), if any.</param>
/// <param name="Url">Where the public reads it, relative to the site root.</param>
/// <param name="Summary">A short text shown when the query matches only the title.</param>
public sealed record SearchDocument(
    string Key, string ModuleId, string Type, string RegionCode, string Title, string Body,
    IReadOnlyList<string> Tags, int? Year, string Url, string? Summary = null);

/// <summary>
/// A module's documents, registered in DI (<c>services.AddSingleton&lt;ISearchDocumentSource, ...&gt;()</c> or scoped).
/// The index asks for one document when told it changed, and for all of them when it is built from scratch.
/// </summary>
public interface ISearchDocumentSource
{
    /// <summary>The module whose keys (<c>{ModuleId}:...</c>) this source answers for.</summary>
    string ModuleId { get; }

    /// <summary>Every public document of the module (for a fresh or rebuilt index).</summary>
    IAsyncEnumerable<SearchDocument> AllAsync(CancellationToken cancellationToken);

    /// <summary>The document as it is now, or null when it is gone or no longer public (it is then removed).</summary>
    Task<SearchDocument?> FindAsync(string key, CancellationToken cancellationToken);
}

/// <summary>A search request.</summary>
/// <param name="Text">What was typed.</param>
/// <param name="RegionCode">The region whose subtree is searched (null: every region).</param>
/// <param name="ModuleId">Only this module's documents.</param>
/// <param name="Type">Only this type.</param>
/// <param name="Tag">Only documents with this tag.</param>
/// <param name="Year">Only documents of this year.</param>
/// <param name="Skip">Hits to skip.</param>
/// <param name="Take">Hits to return (capped at 50).</param>
public sealed record SearchQuery(string Text, string? RegionCode = null, string? ModuleId = null, string? Type = null, string? Tag = null, int? Year = null, int Skip = 0, int Take = 10);

/// <summary>One hit: the document's public fields and a snippet with the matched words in <c>&lt;mark&gt;</c> (the rest HTML-escaped).</summary>
public sealed record SearchHit(string Key, string ModuleId, string Type, string RegionCode, string Title, string SnippetHtml, string Url, IReadOnlyList<string> Tags, int? Year, float Score);

/// <summary>A page of hits and how many matched in all.</summary>
public sealed record SearchResults(IReadOnlyList<SearchHit> Hits, int Total);

/// <summary>
/// The node's search index (Lucene, Chinese analysis plus a CJK bigram field). Modules tell it what changed after
/// their commit; every node catches up from the shared change cursor, and a fresh node builds its index from the
/// sources.
/// </summary>
public interface ISearchIndex
{
    /// <summary>Records that the document <paramref name="key"/> changed (or went), for every node to pick up.</summary>
    Task MarkChangedAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Searches the public documents.</summary>
    Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken = default);
}
