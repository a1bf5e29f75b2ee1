using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Data;
using Platform.Testing;

namespace Platform.Modules.Providers.Tests;

/// <summary>A demo host with the Providers demo data, background jobs off and a clock the test moves (one per test class).</summary>
public abstract class ProvidersHost : IDisposable
{

    protected ProvidersHost(DatabaseKind kind)
    {
        Clock = new ManualClock(DateTimeOffset.UtcNow); // the token certificates are valid from the real now
        Host = new PlatformFactory(kind,
            settings: new Dictionary<string, string> { ["Platform:Jobs:Enabled"] = "false", ["Platform:ModuleDemoData"] = "true" },
            services: s => s.AddSingleton<TimeProvider>(Clock));
        _ = Host.Server;
    }

    public PlatformFactory Host { get; }
    public ManualClock Clock { get; }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = Host.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    public async Task InScopeAsync(Func<IServiceProvider, Task> work)
    {
        using var scope = Host.Services.CreateScope();
        await work(scope.ServiceProvider);
    }

    public static ClaimsPrincipal Person(string name, params GrantClaim[] grants) => new(new ClaimsIdentity(
        [new Claim("name", name), .. grants.Select(g => new Claim(GrantClaim.ClaimType, g.Format()))], "test", "name", "role"));

    public static readonly ClaimsPrincipal Sichuan = Person("sichuan", new GrantClaim(PlatformRoles.BureauAdmin, "510000", null));
    public static readonly ClaimsPrincipal Zhejiang = Person("zhejiang", new GrantClaim(PlatformRoles.BureauAdmin, "330000", null));
    public static readonly ClaimsPrincipal Liaison = Person("neijiang-liaison", new GrantClaim(PlatformRoles.LiaisonOfficer, "511000", null));
    public static readonly ClaimsPrincipal ProviderA = Person("provider-a", new GrantClaim(PlatformRoles.ProviderAdmin, null, "demo-provider-a"));

    public void Dispose()
    {
        Host.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteProvidersHost() : ProvidersHost(DatabaseKind.Sqlite);

public sealed class PostgresProvidersHost() : ProvidersHost(DatabaseKind.Postgres);
