namespace Platform.Cms.Search;

/// <summary>
/// Keeps this node's index in step: builds it at start when the node has none, then applies recorded changes as
/// soon as one is signalled, or every <c>Platform:Search:CatchUpSeconds</c> (5) for changes made on other nodes.
/// Off with <c>Platform:Jobs:Enabled=false</c> (tests call <see cref="LuceneSearchIndex.CatchUpAsync"/> themselves).
/// </summary>
public sealed class SearchIndexService(LuceneSearchIndex index, SearchSignal signal, IConfiguration config, ILogger<SearchIndexService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Platform:Jobs:Enabled", true)) return;
        var tick = TimeSpan.FromSeconds(config.GetValue("Platform:Search:CatchUpSeconds", 5));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await index.CatchUpAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Search index catch-up failed; it will be tried again");
            }
            await signal.WaitAsync(tick, stoppingToken);
        }
    }
}
