using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Data;
using Platform.Modules.Veterans.Contracts;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features.Contacts;
using Platform.Modules.Veterans.Features.Officers;
using Platform.Modules.Veterans.Features.Registry;
using Platform.Testing;

namespace Platform.Veterans.Tests;

/// <summary>The officer's home page: what is due, worked out against a clock the test moves.</summary>
public sealed class DueListRuleTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    private static DueHousehold Household(long id, KeyGroups groups = KeyGroups.None, DateOnly? birth = null, DateOnly? last = null,
        params (long, DateOnly, string)[] open) =>
        new(id, $"户{id}", groups, birth ?? new DateOnly(1940, 6, 1), last, open);

    [Fact]
    public void A_household_contacted_this_month_is_not_due_and_one_contacted_last_month_is()
    {
        var items = DueList.Compute(Today, [Household(1, last: new DateOnly(2026, 11, 1)), Household(2, last: new DateOnly(2026, 10, 31)), Household(3)]);
        // Never contacted comes before contacted last month: the longest wait first.
        Assert.Equal([(DueReason.NotContacted, 3L), (DueReason.NotContacted, 2L)], items.Select(i => (i.Reason, i.VeteranId)).ToList());
    }

    [Fact]
    public void Birthdays_today_and_in_the_next_seven_days_are_due_but_not_the_eighth_day_or_yesterday()
    {
        var contacted = new DateOnly(2026, 11, 2);
        var items = DueList.Compute(Today,
        [
            Household(1, birth: new DateOnly(1936, 11, 25), last: contacted), Household(2, birth: new DateOnly(1936, 12, 2), last: contacted),
            Household(3, birth: new DateOnly(1936, 12, 3), last: contacted), Household(4, birth: new DateOnly(1936, 11, 24), last: contacted),
        ]);
        Assert.Equal([1L, 2L], items.Where(i => i.Reason == DueReason.Birthday).Select(i => i.VeteranId).ToList());
        Assert.Equal("90 岁生日", items[0].Detail);
    }

    [Fact]
    public void A_birthday_across_the_new_year_and_on_29_February_is_found()
    {
        Assert.Equal(new DateOnly(2027, 1, 2), DueList.NextBirthday(new DateOnly(1940, 1, 2), new DateOnly(2026, 12, 28)));
        Assert.Equal(new DateOnly(2027, 2, 28), DueList.NextBirthday(new DateOnly(1940, 2, 29), new DateOnly(2027, 2, 25)));
        Assert.Equal(new DateOnly(2028, 2, 29), DueList.NextBirthday(new DateOnly(1940, 2, 29), new DateOnly(2028, 2, 25)));
    }

    [Fact]
    public void Key_group_households_come_first_then_follow_ups_birthdays_and_uncontacted()
    {
        var items = DueList.Compute(Today,
        [
            Household(1, open: (11, new DateOnly(2026, 11, 3), "陪同复查")),
            Household(2, KeyGroups.LivingAlone, last: new DateOnly(2026, 11, 20), birth: new DateOnly(1930, 11, 27)),
            Household(3, KeyGroups.Disabled | KeyGroups.EmptyNest),
        ]);
        Assert.Equal(
            [(2L, DueReason.Birthday), (3L, DueReason.NotContacted), (1L, DueReason.FollowUp), (1L, DueReason.NotContacted)],
            items.Select(i => (i.VeteranId, i.Reason)).ToList());
        Assert.Equal(11L, items[2].EntryId);
    }
}

/// <summary>The same rules through the real database and services, with a manual clock (China time, UTC+8).</summary>
public abstract class DueListClockTests : IDisposable
{
    // 2026-11-30 20:00 in China is 12:00 UTC: still November for the officer.
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly PlatformFactory _host;
    private static readonly System.Security.Claims.ClaimsPrincipal Officer =
        VeteransTestData.Person("neijiang-liaison", new GrantClaim(PlatformRoles.LiaisonOfficer, "511000", null));

    protected DueListClockTests(DatabaseKind kind) =>
        _host = new PlatformFactory(kind, demo: true, services: s => s.AddSingleton<TimeProvider>(_clock));

    public void Dispose()
    {
        _host.Dispose();
        GC.SuppressFinalize(this);
    }

    private Task<IReadOnlyList<DueItem>> DueAsync() => _host.InScopeAsync(sp => sp.GetRequiredService<Officers>().DueAsync(Officer, "neijiang-liaison"));

    [Fact]
    public async Task A_household_contacted_in_November_falls_due_when_December_begins_in_China()
    {
        var id = await _host.InScopeAsync(async sp =>
        {
            var (values, _) = new VeteranForm { Name = "钟表测试", Sex = "男", BirthDate = "1935-01-15", RegionCode = "511002", RankBand = "团级", LivingAlone = true }
                .Validate(new DateOnly(2026, 11, 30), _ => false);
            var created = await sp.GetRequiredService<VeteranRegistry>().CreateAsync(VeteransTestData.Sichuan, values!);
            await sp.GetRequiredService<Officers>().AssignAsync(VeteransTestData.Sichuan, [created], "neijiang-liaison");
            return created;
        });
        Assert.Contains(await DueAsync(), i => i.VeteranId == id && i.Reason == DueReason.NotContacted && i.Date is null);

        var entry = await _host.InScopeAsync(sp => sp.GetRequiredService<ContactLog>().AddAsync(Officer, id, new DateOnly(2026, 11, 30), ContactKind.Monthly, "电话问候", "下月陪同体检"));
        var due = await DueAsync();
        Assert.DoesNotContain(due, i => i.VeteranId == id && i.Reason == DueReason.NotContacted);
        Assert.Contains(due, i => i.VeteranId == id && i.Reason == DueReason.FollowUp && i.EntryId == entry);
        Assert.True(due.TakeWhile(i => i.KeyGroups != KeyGroups.None).Count() >= due.Count(i => i.KeyGroups != KeyGroups.None)); // key groups first

        _clock.Advance(TimeSpan.FromHours(4)); // 2026-12-01 00:00 in China
        Assert.Contains(await DueAsync(), i => i.VeteranId == id && i.Reason == DueReason.NotContacted && i.Date == new DateOnly(2026, 11, 30));

        await _host.InScopeAsync(async sp => { await sp.GetRequiredService<ContactLog>().CloseFollowUpAsync(Officer, entry); return 0; });
        Assert.DoesNotContain(await DueAsync(), i => i.VeteranId == id && i.Reason == DueReason.FollowUp);

        _clock.Advance(TimeSpan.FromDays(37)); // 2027-01-07: the birthday on 15 January is within a week from the 8th
        Assert.DoesNotContain(await DueAsync(), i => i.VeteranId == id && i.Reason == DueReason.Birthday);
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Contains(await DueAsync(), i => i.VeteranId == id && i.Reason == DueReason.Birthday && i.Date == new DateOnly(2027, 1, 15));
    }

    [Fact]
    public async Task A_contact_dated_tomorrow_in_China_is_refused()
    {
        var id = await _host.DemoVeteranAsync("5110");
        var error = await Assert.ThrowsAsync<Platform.Core.PlatformException>(() =>
            _host.InScopeAsync(sp => sp.GetRequiredService<ContactLog>().AddAsync(Officer, id, new DateOnly(2026, 12, 1), ContactKind.Monthly, null, null)));
        Assert.Equal(400, error.Status);
        Assert.Contains("不能晚于今天", error.MessageZh, StringComparison.Ordinal);
    }
}

public sealed class DueListClockTests_Sqlite() : DueListClockTests(DatabaseKind.Sqlite);

public sealed class DueListClockTests_Postgres() : DueListClockTests(DatabaseKind.Postgres);
