using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Core.Modules;

/// <summary>
/// A module's background check (register with <c>services.AddHostedService</c>): runs <see cref="FirstDelay"/> after
/// start and then every <see cref="Period"/> on every node, each run in its own DI scope; <c>Platform:Jobs:Enabled=false</c>
/// turns it off as it does the platform's own jobs. A failing run is logged and the next one comes as usual, so the work
/// must be idempotent and claim what it changes (several nodes run it).
/// </summary>
public abstract class PeriodicModuleJob(IServiceScopeFactory scopes, IConfiguration config, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>The pause after start before the first run.</summary>
    protected abstract TimeSpan FirstDelay { get; }

    /// <summary>The pause between runs.</summary>
    protected abstract TimeSpan Period { get; }

    /// <summary>The job's logger.</summary>
    protected ILogger Logger => logger;

    /// <summary>One run, with the services of a fresh scope.</summary>
    protected abstract Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Platform:Jobs:Enabled", true)) return;
        try
        {
            await Task.Delay(FirstDelay, clock, stoppingToken);
            using var timer = new PeriodicTimer(Period, clock);
            do
            {
                try
                {
                    using var scope = scopes.CreateScope();
                    await RunOnceAsync(scope.ServiceProvider, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "{Job} failed; it runs again after {Period}", GetType().Name, Period);
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }
}
