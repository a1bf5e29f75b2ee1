using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Modules.Veterans.Data;

namespace Platform.Modules.Veterans.Features.Excel;

/// <summary>
/// Runs imports in the background on the node that received the file, so the person sees progress instead of a
/// request that hangs; rows written so far are kept here (they commit all at once at the end).
/// </summary>
public sealed class ImportRunner(IServiceScopeFactory scopes, ILogger<ImportRunner> logger)
{
    private readonly ConcurrentDictionary<string, Task> _running = new();
    private readonly ConcurrentDictionary<string, int> _written = new();

    public void Start(string jobId, string path, IReadOnlySet<string> allowedRegions)
    {
        _running[jobId] = Task.Run(async () =>
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<RegistryImport>()
                    .RunAsync(jobId, path, allowedRegions, new Progress(this, jobId));
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Import {Job} failed", jobId);
                await EndFailedAsync(jobId, ex);
            }
            finally
            {
                File.Delete(path);
                _written.TryRemove(jobId, out _);
            }
        });
    }

    /// <summary>Ends a job the import could not end itself (its own database work failed), so no job stays "checking".</summary>
    private async Task EndFailedAsync(string jobId, Exception ex)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var text = RegistryImport.FailureText(ex);
            await scope.ServiceProvider.GetRequiredService<VeteransDbContext>().ImportJobs
                .Where(j => j.Id == jobId && (j.State == ImportState.Validating || j.State == ImportState.Writing))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, ImportState.Failed).SetProperty(j => j.Errors, text).SetProperty(j => j.FinishedAt, now));
        }
        catch (Exception inner)
        {
            logger.LogError(inner, "Import {Job} could not be marked failed", jobId);
        }
    }

    /// <summary>Rows written so far by an import running on this node, or null.</summary>
    public int? Written(string jobId) => _written.TryGetValue(jobId, out var n) ? n : null;

    /// <summary>Completes when the import has finished (at once when it is not running here).</summary>
    public Task WaitAsync(string jobId) => _running.TryGetValue(jobId, out var task) ? task : Task.CompletedTask;

    private sealed class Progress(ImportRunner runner, string jobId) : IProgress<int>
    {
        public void Report(int value) => runner._written[jobId] = value;
    }
}
