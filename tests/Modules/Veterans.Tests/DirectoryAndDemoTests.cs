using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Data;
using Platform.Modules.Veterans.Contracts;
using Platform.Testing;

namespace Platform.Veterans.Tests;

/// <summary>What other modules get (the contract), and the demo registry every demo starts from.</summary>
public abstract class DirectoryAndDemoTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private Task<T> DirectoryAsync<T>(Func<IVeteranDirectory, Task<T>> work) => host.InScopeAsync(sp => work(sp.GetRequiredService<IVeteranDirectory>()));

    [Fact]
    public async Task Other_modules_look_up_veterans_by_id_region_and_key_group_and_get_eligibility_facts()
    {
        var id = await host.DemoVeteranAsync("5110");
        var summary = await DirectoryAsync(d => d.FindAsync(id));
        Assert.NotNull(summary);
        Assert.StartsWith("5110", summary.RegionCode, StringComparison.Ordinal);
        Assert.Null(await DirectoryAsync(d => d.FindAsync(-5)));

        var alone = await DirectoryAsync(d => d.ListAsync(new VeteranQuery(["511002", "511011"], KeyGroups.LivingAlone, Take: 1000)));
        Assert.NotEmpty(alone);
        Assert.All(alone, v =>
        {
            Assert.True(v.RegionCode is "511002" or "511011");
            Assert.True(v.KeyGroups.HasFlag(KeyGroups.LivingAlone));
            Assert.False(v.Deceased);
        });
        var expected = await host.DbAsync(db => db.Veterans.CountAsync(v => (v.RegionCode == "511002" || v.RegionCode == "511011")
            && (v.KeyGroups & KeyGroups.LivingAlone) != 0 && v.DeceasedDate == null));
        Assert.Equal(expected, alone.Count);
        var page = await DirectoryAsync(d => d.ListAsync(new VeteranQuery(["511002", "511011"], KeyGroups.LivingAlone, Take: 2, AfterId: alone[0].Id)));
        Assert.Equal(alone.Skip(1).Take(2).Select(v => v.Id), page.Select(v => v.Id));

        var on = summary.BirthDate.AddYears(90);
        var facts = await DirectoryAsync(d => d.EligibilityAsync(id, on));
        Assert.Equal(90, facts!.Age);
        Assert.Equal(89, (await DirectoryAsync(d => d.EligibilityAsync(id, on.AddDays(-1))))!.Age);
        Assert.Equal((summary.RankBand, summary.KeyGroups, summary.Kind), (facts.RankBand, facts.KeyGroups, facts.Kind));
    }

    [Fact]
    public async Task A_looked_up_veteran_reads_the_same_as_the_registry_row_for_every_field()
    {
        _ = await host.DemoVeteranAsync("5110");
        // Living and deceased, with and without an institution, every kind and key group the demo has.
        var rows = await host.DbAsync(db => db.Veterans.AsNoTracking().OrderBy(v => v.Id).ToListAsync());
        var sample = rows.GroupBy(v => (v.Kind, v.KeyGroups, v.InstitutionId is null, v.DeceasedDate is null)).Select(g => g.First()).ToList();
        Assert.Contains(sample, v => v.InstitutionId is not null);
        if (!sample.Any(v => v.DeceasedDate is not null))
        {
            var gone = sample[^1];
            await host.DbAsync(db => db.Veterans.Where(v => v.Id == gone.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.DeceasedDate, new DateOnly(2026, 1, 2))));
            gone.DeceasedDate = new DateOnly(2026, 1, 2);
        }
        foreach (var v in sample)
            Assert.Equal(new VeteranSummary(v.Id, v.Name, v.RegionCode, v.Kind, v.RankBand, v.KeyGroups, v.BirthDate, v.InstitutionId, v.DeceasedDate is not null),
                await DirectoryAsync(d => d.FindAsync(v.Id)));
    }

    [Fact]
    public async Task The_demo_has_a_few_hundred_veterans_aged_70_to_100_with_officers_and_contacts_the_same_every_time()
    {
        var people = await host.DbAsync(db => db.Veterans.OrderBy(v => v.Id).Select(v => new { v.Name, v.BirthDate, v.RegionCode }).ToListAsync());
        Assert.Equal(300, people.Count);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        Assert.All(people, p =>
        {
            var age = new VeteranSummary(0, p.Name, p.RegionCode, VeteranKind.Cadre, RankBand.Division, KeyGroups.None, p.BirthDate, null, false).AgeOn(today);
            Assert.InRange(age, 70, 100);
            Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}{2,4}$", p.Name);
        });
        Assert.Contains(people, p => p.RegionCode.StartsWith("5110", StringComparison.Ordinal));
        Assert.Contains(people, p => p.RegionCode.StartsWith("3301", StringComparison.Ordinal));
        Assert.True(await host.DbAsync(db => db.Assignments.CountAsync(a => a.OfficerUserName == "hangzhou-liaison")) > 30);
        Assert.True(await host.DbAsync(db => db.ContactLog.CountAsync()) > 100);

        using var again = new PlatformFactory(DatabaseKind.Sqlite);
        var names = await again.DbAsync(db => db.Veterans.OrderBy(v => v.Id).Select(v => v.Name).ToListAsync());
        Assert.Equal(people.Select(p => p.Name), names);
    }
}

public sealed class DirectoryAndDemoTests_Sqlite(SqliteHost host) : DirectoryAndDemoTests<SqliteHost>(host);

public sealed class DirectoryAndDemoTests_Postgres(PostgresHost host) : DirectoryAndDemoTests<PostgresHost>(host);
