using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Core.Data;

/// <summary>Registration helpers for module data.</summary>
public static class DataServiceCollectionExtensions
{
    /// <summary>Registers a module's DbContext on the platform's database (SQLite or PostgreSQL).</summary>
    public static IServiceCollection AddModuleDbContext<TContext>(this IServiceCollection services, DatabaseSettings database)
        where TContext : ModuleDbContext
    {
        services.AddDbContextPool<TContext>(database.Configure);
        return services;
    }
}
