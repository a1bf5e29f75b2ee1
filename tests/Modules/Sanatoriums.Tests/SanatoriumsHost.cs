using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Data;
using Platform.Modules.Sanatoriums.Bookings;
using Platform.Modules.Sanatoriums.Catalogue;
using Platform.Modules.Sanatoriums.Data;
using Platform.Modules.Veterans.Data;
using Platform.Testing;

namespace Platform.Modules.Sanatoriums.Tests;

/// <summary>A demo host (veterans and providers demo data), background jobs off, a clock the test moves; one per test class.</summary>
public abstract class SanatoriumsHost : IDisposable
{
    /// <summary>The demo sanatorium provider (内江市甜城康养疗养院), registered without an organisation id of its own.</summary>
    public const string Organisation = "p-91511000ma62a0002n";

    protected SanatoriumsHost(DatabaseKind kind)
    {
        Clock = new ManualClock(DateTimeOffset.UtcNow); // the token certificates are valid from the real now
        Host = new PlatformFactory(kind,
            settings: new Dictionary<string, string> { ["Platform:Jobs:Enabled"] = "false", ["Platform:ModuleDemoData"] = "true" },
            services: s => s.AddSingleton<TimeProvider>(Clock));
        _ = Host.Server;
    }

    public PlatformFactory Host { get; }
    public ManualClock Clock { get; }
    public DateTime Now => Clock.GetUtcNow().UtcDateTime;
    public DateOnly Today => DateOnly.FromDateTime(Now);

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = Host.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    public Task<T> DbAsync<T>(Func<SanatoriumsDbContext, Task<T>> work) => InScopeAsync(sp => work(sp.GetRequiredService<SanatoriumsDbContext>()));

    public static ClaimsPrincipal Person(string name, params GrantClaim[] grants) => new(new ClaimsIdentity(
        [new Claim("name", name), .. grants.Select(g => new Claim(GrantClaim.ClaimType, g.Format()))], "test", "name", "role"));

    public static readonly ClaimsPrincipal Admin = Person("admin", new GrantClaim(PlatformRoles.PlatformAdmin, null, null));
    public static readonly ClaimsPrincipal Sichuan = Person("sichuan", new GrantClaim(PlatformRoles.BureauAdmin, "510000", null));
    public static readonly ClaimsPrincipal Liaison = Person("neijiang-liaison", new GrantClaim(PlatformRoles.LiaisonOfficer, "511000", null));
    public static readonly ClaimsPrincipal Staff = Person("tiancheng-desk", new GrantClaim(PlatformRoles.ProviderStaff, null, Organisation));
    public static readonly ClaimsPrincipal OtherProvider = Person("provider-a", new GrantClaim(PlatformRoles.ProviderAdmin, null, "demo-provider-a"));

    public static ClaimsPrincipal Family(long veteranId) =>
        Person($"family-of-{veteranId}", new GrantClaim(PlatformRoles.Veteran, null, null, null, veteranId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Living demo veterans whose region starts with <paramref name="regionPrefix"/> ("" for all), by id.</summary>
    public Task<List<long>> VeteransAsync(string regionPrefix, int take) => InScopeAsync(sp => sp.GetRequiredService<VeteransDbContext>().Veterans
        .Where(v => v.RegionCode.StartsWith(regionPrefix) && v.DeceasedDate == null).OrderBy(v => v.Id).Select(v => v.Id).Take(take).ToListAsync());

    public Task<Sanatorium> SanatoriumAsync() => InScopeAsync(sp => sp.GetRequiredService<SanatoriumService>().CreateAsync(Admin,
        new SanatoriumInput(Organisation, "甜城康养疗养院（东院）", "内江市东兴区疗养路 1 号", "理疗、健康体检、中医调理", "二级医院医护驻点", "海拔 350 米，冬暖夏热",
            new Dictionary<string, int> { [RoomKinds.SingleRoom] = 30, [RoomKinds.DoubleRoom] = 20, [RoomKinds.AccessibleRoom] = 6 })));

    /// <summary>A batch starting in 40 days for a week, open for booking now, with <paramref name="singleBeds"/> single beds.</summary>
    public async Task<Batch> BatchAsync(int singleBeds = 20, int startInDays = 40, IReadOnlyList<string>? regions = null, int? minAge = null, int? maxAge = null,
        DateTime? opens = null, int doubleBeds = 0)
    {
        var sanatorium = await SanatoriumAsync();
        var start = Today.AddDays(startInDays);
        return await InScopeAsync(sp => sp.GetRequiredService<SanatoriumService>().CreateBatchAsync(Admin, sanatorium.Id,
            new BatchInput($"第{startInDays}日批次", start, start.AddDays(7), 1680m, new Dictionary<string, int> { [RoomKinds.SingleRoom] = singleBeds, [RoomKinds.DoubleRoom] = doubleBeds },
                regions ?? [], opens ?? Now.AddDays(-1), start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(-3), minAge, maxAge)));
    }

    public Task<BookingResult> BookAsync(ClaimsPrincipal caller, long batchId, long veteranId, string? key = null, bool waitlist = true, bool asFamily = false,
        Companion? companion = null) =>
        InScopeAsync(sp => sp.GetRequiredService<BookingService>().RequestAsync(caller,
            new BookingRequest(batchId, veteranId, companion is null ? RoomKinds.SingleRoom : RoomKinds.DoubleRoom, key ?? Guid.NewGuid().ToString("N"),
                waitlist, asFamily, companion)));

    public Task<Booking> FireAsync(ClaimsPrincipal caller, long bookingId, string transition) =>
        InScopeAsync(sp => sp.GetRequiredService<BookingActions>().FireAsync(caller, bookingId, transition));

    public Task<Booking> ReloadAsync(long bookingId) => DbAsync(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Id == bookingId));

    public Task<int> TakenAsync(long batchId) => DbAsync(db => db.Capacity.Where(c => c.BatchId == batchId).SumAsync(c => c.Taken));

    /// <summary>An API client for a demo person (authorization code + PKCE through the real sign-in form).</summary>
    public async Task<HttpClient> PersonApiAsync(string user, string scopes = "sanatoriums.read sanatoriums.book")
    {
        var client = Host.CreateBrowser();
        var token = await client.GetUserTokenAsync(user, scope: "openid " + scopes);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    /// <summary>A provider's system (client credentials bound to <paramref name="organisation"/>), registered once per host.</summary>
    public async Task<HttpClient> SystemApiAsync(string organisation, string scopes)
    {
        var clientId = $"{organisation}-sanatorium-tests";
        var secret = $"{organisation}-secret-for-tests";
        await InScopeAsync(async sp =>
        {
            var registry = sp.GetRequiredService<Platform.Cms.Identity.ClientRegistry>();
            try
            {
                await registry.CreateAsync(new Platform.Cms.Identity.ClientInput(clientId, organisation, organisation, "511000", true, [],
                    ["sanatoriums.read", "sanatoriums.book", "sanatoriums.manage"], secret), "test");
            }
            catch (Platform.Core.PlatformException e) when (e.Status == 409) { } // registered by an earlier test of this class
            return 0;
        });
        var client = Host.CreateClient();
        var response = await client.ClientCredentialsAsync(clientId, secret, scopes);
        var json = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(json.ToString());
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", json.GetProperty("access_token").GetString());
        return client;
    }

    public void Dispose()
    {
        Host.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteSanatoriumsHost() : SanatoriumsHost(DatabaseKind.Sqlite);

public sealed class PostgresSanatoriumsHost() : SanatoriumsHost(DatabaseKind.Postgres);
