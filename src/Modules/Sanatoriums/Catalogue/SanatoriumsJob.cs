using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Core.Modules;
using Platform.Modules.Sanatoriums.Bookings;

namespace Platform.Modules.Sanatoriums.Catalogue;

/// <summary>
/// Hourly on every node: life events the registry reports, the minimum-occupancy warnings, and offers left without a
/// process. Each step claims its rows, so nodes do not repeat one another.
/// </summary>
public sealed class SanatoriumsJob(IServiceScopeFactory scopes, IConfiguration config, TimeProvider clock, ILogger<SanatoriumsJob> logger)
    : PeriodicModuleJob(scopes, config, clock, logger)
{
    protected override TimeSpan FirstDelay => TimeSpan.FromSeconds(45);

    protected override TimeSpan Period => TimeSpan.FromHours(1);

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var lifeEvents = await services.GetRequiredService<LifeEventStays>().ReconcileAsync(cancellationToken);
        var checks = services.GetRequiredService<BatchChecks>();
        var warned = await checks.WarnLowOccupancyAsync(cancellationToken);
        var repaired = await checks.RepairOffersAsync(cancellationToken);
        Logger.LogInformation("Sanatoriums check: {LifeEvents} life events, {Warned} occupancy warnings, {Repaired} offers repaired", lifeEvents, warned, repaired);
    }
}
