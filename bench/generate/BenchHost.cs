using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Platform.Cms.Hosting;
using Platform.Core.Access;

namespace Bench.Generate;

/// <summary>The platform built in this process exactly as Program.cs builds it, on the given data folder or database, without serving.</summary>
public static class BenchHost
{
    /// <summary>The platform administrator the generator acts as (every rule and audit entry applies as for a person).</summary>
    public static readonly ClaimsPrincipal Admin = new(new ClaimsIdentity(
        [new Claim("name", "bench-generator"), new Claim(GrantClaim.ClaimType, new GrantClaim(PlatformRoles.PlatformAdmin, null, null).Format())], "bench", "name", "role"));

    public static async Task<WebApplication> OpenAsync(Options options, bool demo)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        var settings = new Dictionary<string, string?>
        {
            ["Platform:DataPath"] = options.Data,
            // The generator runs the outbox itself (so published stories are applied); no timers or index worker here.
            ["Platform:Jobs:Enabled"] = "false",
            ["OralHistory:Demo"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            // Generated stories have no writer account to tell of publication; that warning per story is noise here.
            ["Logging:LogLevel:Platform.Cms.Notifications.OutboxDispatcher"] = "Error",
        };
        if (options.Connection is not null) settings["ConnectionStrings:Platform"] = options.Connection;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddPlatform();
        var app = builder.Build();
        await app.PrepareDatabaseAsync(demo);
        return app;
    }
}
