using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Modules.Sanatoriums.Bookings;

namespace Platform.Modules.Sanatoriums.Catalogue;

/// <summary>
/// Hourly on every node (<c>Platform:Jobs:Enabled=false</c> turns it off): life events the registry reports, the
/// minimum-occupancy warnings, and offers left without a process. Each step claims its rows, so nodes do not repeat one another.
/// </summary>
public sealed class SanatoriumsJob(IServiceScopeFactory scopes, IConfiguration config, TimeProvider clock, ILogger<SanatoriumsJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Platform:Jobs:Enabled", true)) return;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(45), clock, stoppingToken);
            using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
            do
            {
                try
                {
                    using var scope = scopes.CreateScope();
                    var lifeEvents = await scope.ServiceProvider.GetRequiredService<LifeEventStays>().ReconcileAsync(stoppingToken);
                    var checks = scope.ServiceProvider.GetRequiredService<BatchChecks>();
                    var warned = await checks.WarnLowOccupancyAsync(stoppingToken);
                    var repaired = await checks.RepairOffersAsync(stoppingToken);
                    logger.LogInformation("Sanatoriums check: {LifeEvents} life events, {Warned} occupancy warnings, {Repaired} offers repaired", lifeEvents, warned, repaired);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Sanatoriums check failed; it runs again in an hour");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }
}
