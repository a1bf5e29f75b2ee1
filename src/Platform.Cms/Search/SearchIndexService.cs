namespace Platform.Cms.Search;

/// <summary>
/// Keeps this node's index in step: once the host has started (so opening or building the index never delays the
/// first request), builds it when the node has none, then applies recorded changes as soon as one is signalled, or
/// every <c>Platform:Search:CatchUpSeconds</c> (5) for changes made on other nodes.
/// Off with <c>Platform:Jobs:Enabled=false</c> (tests call <see cref="LuceneSearchIndex.CatchUpAsync"/> themselves).
/// </summary>
public sealed class SearchIndexService(
    IServiceProvider services, SearchSignal signal, IHostApplicationLifetime lifetime, IConfiguration config, ILogger<SearchIndexService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Platform:Jobs:Enabled", true)) return;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        var index = services.GetRequiredService<LuceneSearchIndex>();
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
