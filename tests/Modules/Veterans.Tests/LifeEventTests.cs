using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Data;
using Platform.Modules.Veterans.Contracts;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features.Contacts;
using Platform.Testing;

namespace Platform.Veterans.Tests;

/// <summary>Records what the registry tells other modules.</summary>
public sealed class RecordingLifeEventSubscriber : IVeteranLifeEventSubscriber
{
    public ConcurrentQueue<VeteranLifeEvent> Seen { get; } = new();

    public Task HandleAsync(VeteranLifeEvent lifeEvent, CancellationToken cancellationToken)
    {
        Seen.Enqueue(lifeEvent);
        return Task.CompletedTask;
    }
}

public abstract class LifeEventHost(DatabaseKind kind) : PlatformFactory(kind, services: s => s.AddSingleton<IVeteranLifeEventSubscriber>(Recorder))
{
    public static readonly RecordingLifeEventSubscriber Recorder = new();
}

public sealed class SqliteLifeEventHost() : LifeEventHost(DatabaseKind.Sqlite);

public sealed class PostgresLifeEventHost() : LifeEventHost(DatabaseKind.Postgres);

/// <summary>Hospital stays and deaths: told to other modules after the commit, and answered as current state for reconciliation.</summary>
public abstract class LifeEventTests<THost>(THost host) : IClassFixture<THost> where THost : LifeEventHost
{
    private static readonly System.Security.Claims.ClaimsPrincipal Liaison =
        VeteransTestData.Person("neijiang-liaison", new GrantClaim(PlatformRoles.LiaisonOfficer, "511000", null));

    [Fact]
    public async Task A_hospital_visit_with_an_open_follow_up_is_told_to_subscribers_and_reported_until_the_follow_up_is_closed()
    {
        var ids = await host.DbAsync(db => db.Veterans.Where(v => v.RegionCode.StartsWith("5110") && v.DeceasedDate == null).OrderBy(v => v.Id).Select(v => v.Id).Take(3).ToListAsync());
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var entry = await host.InScopeAsync(sp => sp.GetRequiredService<ContactLog>().AddAsync(Liaison, ids[0], today, ContactKind.Hospital, "住院", "出院后回访"));
        await host.InScopeAsync(sp => sp.GetRequiredService<ContactLog>().AddAsync(Liaison, ids[1], today, ContactKind.Monthly, "电话问候", "下月再联系"));
        Assert.Contains(LifeEventHost.Recorder.Seen, e => e == new VeteranLifeEvent(ids[0], LifeEventKind.Hospitalised, today));
        Assert.DoesNotContain(LifeEventHost.Recorder.Seen, e => e.VeteranId == ids[1]);

        await host.DbAsync(db => db.Veterans.Where(v => v.Id == ids[2]).ExecuteUpdateAsync(s => s.SetProperty(v => v.DeceasedDate, today.AddDays(-2))));
        Task<IReadOnlyList<VeteranLifeEvent>> CurrentAsync() => host.InScopeAsync(sp => sp.GetRequiredService<IVeteranLifeEvents>().CurrentAsync(ids));
        Assert.Equal([(ids[2], LifeEventKind.Deceased), (ids[0], LifeEventKind.Hospitalised)], (await CurrentAsync()).Select(e => (e.VeteranId, e.Kind)));

        await host.InScopeAsync(async sp => { await sp.GetRequiredService<ContactLog>().CloseFollowUpAsync(Liaison, entry); return 0; });
        Assert.Equal([ids[2]], (await CurrentAsync()).Select(e => e.VeteranId));
    }
}

public sealed class LifeEventTests_Sqlite(SqliteLifeEventHost host) : LifeEventTests<SqliteLifeEventHost>(host);

public sealed class LifeEventTests_Postgres(PostgresLifeEventHost host) : LifeEventTests<PostgresLifeEventHost>(host);
