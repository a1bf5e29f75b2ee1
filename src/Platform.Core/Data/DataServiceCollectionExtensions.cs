using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Caching;

namespace Platform.Core.Data;

/// <summary>Registration helpers for module data.</summary>
public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers a module's DbContext on the platform's database (SQLite or PostgreSQL). With
    /// <paramref name="publicCacheModule"/>, every committed <c>SaveChanges</c> of this context tells the public cache that
    /// the module's public data changed (<see cref="IPublicCache.ChangedAsync"/>), after the commit; bulk
    /// <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> bypass it and must call it themselves.
    /// </summary>
    public static IServiceCollection AddModuleDbContext<TContext>(this IServiceCollection services, DatabaseSettings database, string? publicCacheModule = null)
        where TContext : ModuleDbContext
    {
        if (publicCacheModule is null)
            services.AddDbContextPool<TContext>(database.Configure);
        else
            services.AddDbContextPool<TContext>((provider, options) =>
            {
                database.Configure(options);
                options.AddInterceptors(new PublicChangeInterceptor(publicCacheModule, provider.GetRequiredService<IPublicCache>()));
            });
        return services;
    }
}

/// <summary>Tells the public cache after a module's changes commit: at once without a transaction, else at its commit.</summary>
internal sealed class PublicChangeInterceptor(string moduleId, IPublicCache cache) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> _pending = [];

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (result == 0 || eventData.Context is not { } context) return result;
        if (context.Database.CurrentTransaction is null) await cache.ChangedAsync(moduleId, cancellationToken);
        else _pending.AddOrUpdate(context, context);
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (result == 0 || eventData.Context is not { } context) return result;
        if (context.Database.CurrentTransaction is null) cache.ChangedAsync(moduleId).GetAwaiter().GetResult();
        else _pending.AddOrUpdate(context, context);
        return result;
    }

    public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.Remove(context)) await cache.ChangedAsync(moduleId, cancellationToken);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context && _pending.Remove(context)) cache.ChangedAsync(moduleId).GetAwaiter().GetResult();
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) _pending.Remove(context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context) _pending.Remove(context);
    }
}
