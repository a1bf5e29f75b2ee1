using System.Diagnostics;

namespace Platform.Cms.Search;

/// <summary><c>search rebuild</c>: builds this node's index again from the database, printing progress.</summary>
public static class SearchCommands
{
    public static async Task RebuildAsync(IServiceProvider services)
    {
        var index = services.GetRequiredService<LuceneSearchIndex>();
        var clock = Stopwatch.StartNew();
        var progress = new Progress<long>(n => Console.WriteLine($"已索引 / indexed {n:N0} 条文档 documents（{clock.Elapsed.TotalSeconds:0.0} s）"));
        var result = await index.RebuildAsync(progress);
        Console.WriteLine($"搜索索引已重建 / Search index rebuilt: {result.Documents:N0} 条文档 documents in {clock.Elapsed.TotalSeconds:0.0} s, cursor {result.Cursor}.");
    }
}
