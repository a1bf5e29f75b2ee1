using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Search;
using Platform.Core.Data;
using Platform.Core.Search;
using Platform.Testing;

namespace Platform.Cms.Tests.Search;

/// <summary>
/// A rebuild reads the sources in order and analyses the documents on several workers: every document arrives, and a
/// document that cannot be indexed fails the build with its own error.
/// </summary>
public sealed class RebuildTests
{
    /// <summary><paramref name="count"/> documents, each with its own made-up word; the one at <see cref="BadAt"/> has no title.</summary>
    private sealed class ManyDocuments(int count) : ISearchDocumentSource
    {
        public string ModuleId => "many";

        public int BadAt { get; set; } = -1;

        public static string Word(int i) => "琰" + string.Concat(i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture).Select(d => (char)('甲' + (d - '0'))));

        public async IAsyncEnumerable<SearchDocument> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var i = 0; i < count; i++)
            {
                if (i % 500 == 0) await Task.Yield();
                yield return new SearchDocument($"many:{i}", "OralHistory", "story", "511002", i == BadAt ? null! : $"第{i}篇",
                    $"战友{Word(i)}背着我走了三十里。", [], null, $"/many/{i}");
            }
        }

        public Task<SearchDocument?> FindAsync(string key, CancellationToken cancellationToken) => Task.FromResult<SearchDocument?>(null);
    }

    private static PlatformFactory Host(ManyDocuments source) =>
        new(DatabaseKind.Sqlite, demo: false, settings: new Dictionary<string, string> { ["Platform:Jobs:Enabled"] = "false" },
            services: s => s.AddSingleton<ISearchDocumentSource>(source));

    [Fact]
    public async Task Every_document_of_a_rebuild_is_indexed_once_with_progress_to_the_end()
    {
        using var host = Host(new ManyDocuments(2_500));
        var index = host.Services.GetRequiredService<LuceneSearchIndex>();
        var progress = new List<long>();
        var built = await index.RebuildAsync(new Progress(progress));
        var search = host.Services.GetRequiredService<ISearchIndex>();
        var all = await search.SearchAsync(new SearchQuery("三十里", null, Take: 1));
        Assert.Equal(2_500, all.Total);
        Assert.True(built.Documents >= 2_500);
        Assert.Equal(built.Documents, progress[^1]);
        Assert.Contains(1_000, progress);
        foreach (var i in new[] { 0, 1, 999, 1_000, 1_777, 2_499 })
            Assert.Equal($"/many/{i}", Assert.Single((await search.SearchAsync(new SearchQuery(ManyDocuments.Word(i), null))).Hits).Url);
        // The workers' documents end in one segment (a search looks each term up once), written by the platform's codec.
        using var directory = Lucene.Net.Store.FSDirectory.Open(host.Services.GetRequiredService<SearchOptions>().Path);
        var segments = new Lucene.Net.Index.SegmentInfos();
        segments.Read(directory);
        Assert.Equal(SearchCodec.CodecName, Assert.Single(segments.Segments).Info.Codec.Name);
    }

    [Fact]
    public async Task A_document_that_cannot_be_indexed_fails_the_rebuild_with_its_own_error_and_the_next_catch_up_builds_again()
    {
        var source = new ManyDocuments(2_500);
        using var host = Host(source);
        var index = host.Services.GetRequiredService<LuceneSearchIndex>();
        Assert.True((await index.CatchUpAsync()).Rebuilt); // the node's first index
        source.BadAt = 1_500;
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => index.RebuildAsync(null));
        Assert.IsNotAssignableFrom<OperationCanceledException>(failure);
        Assert.IsType<ArgumentNullException>(failure);
        // The failed build's deletion and partial documents are never committed: the next catch-up builds it all again.
        source.BadAt = -1;
        var caughtUp = await index.CatchUpAsync();
        Assert.True(caughtUp.Rebuilt);
        Assert.Equal(2_500, (await host.Services.GetRequiredService<ISearchIndex>().SearchAsync(new SearchQuery("三十里", null, Take: 1))).Total);
    }

    private sealed class Progress(List<long> seen) : IProgress<long>
    {
        public void Report(long value)
        {
            lock (seen) seen.Add(value);
        }
    }
}
