using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Modules.Providers.Onboarding;

/// <summary>
/// Runs <see cref="DocumentExpiryCheck"/> shortly after start and then once a day on every node
/// (<c>Platform:Jobs:Enabled=false</c> turns it off, as for the platform's own jobs); the check itself is idempotent.
/// </summary>
public sealed class DocumentExpiryJob(IServiceScopeFactory scopes, IConfiguration config, TimeProvider clock, ILogger<DocumentExpiryJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Platform:Jobs:Enabled", true)) return;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), clock, stoppingToken);
            using var timer = new PeriodicTimer(TimeSpan.FromDays(1), clock);
            do
            {
                try
                {
                    using var scope = scopes.CreateScope();
                    var result = await scope.ServiceProvider.GetRequiredService<DocumentExpiryCheck>().RunAsync(stoppingToken);
                    logger.LogInformation("Provider document check: {Started} renewals started, {Suspended} suspended, {Resumed} resumed",
                        result.RenewalsStarted, result.Suspended, result.Resumed);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Provider document check failed; it runs again tomorrow");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }
}
