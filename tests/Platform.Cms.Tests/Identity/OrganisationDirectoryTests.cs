using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Testing;

namespace Platform.Cms.Tests.Identity;

/// <summary>
/// The contract of <see cref="IOrganisationDirectory"/> as the host relies on it when binding clients: each installed
/// module owning organisations answers for its own, with their names and regions, and lists those serving a set of
/// regions. Checked against every implementation the host finds, so a new one is held to it without a new test.
/// </summary>
public abstract class OrganisationDirectoryTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private async Task<T> WithDirectoriesAsync<T>(Func<IReadOnlyList<IOrganisationDirectory>, Task<T>> read)
    {
        using var scope = host.Services.CreateScope();
        return await read([.. scope.ServiceProvider.GetServices<IOrganisationDirectory>()]);
    }

    [Fact]
    public async Task Each_organisation_is_known_to_one_directory_with_its_name_and_regions()
    {
        var found = await WithDirectoriesAsync(async all =>
        {
            Assert.NotEmpty(all);
            var answers = new List<OrganisationInfo>();
            foreach (var directory in all)
            {
                if (await directory.FindAsync("demo-provider-a") is { } a) answers.Add(a);
                Assert.Null(await directory.FindAsync("no-such-organisation"));
            }
            return answers;
        });
        var provider = Assert.Single(found);
        Assert.Equal("demo-provider-a", provider.Id);
        Assert.Equal("内江市甲助餐服务有限公司", provider.Name);
        Assert.Equal(["511000"], provider.Regions);
    }

    [Fact]
    public async Task Serving_lists_the_organisations_of_the_given_regions_and_respects_the_limit()
    {
        var (neijiang, everyone, one) = await WithDirectoriesAsync(async all =>
        {
            var n = new List<OrganisationInfo>();
            var e = new List<OrganisationInfo>();
            var o = new List<OrganisationInfo>();
            foreach (var directory in all)
            {
                n.AddRange(await directory.ServingAsync(new HashSet<string> { "511000", "511002" }, 100));
                e.AddRange(await directory.ServingAsync(null, 100));
                o.AddRange(await directory.ServingAsync(null, 1));
            }
            return (n, e, o);
        });
        Assert.Contains(neijiang, o => o.Id == "demo-provider-a");
        Assert.Contains(neijiang, o => o.Id == "p-91511000ma62a0002n");
        Assert.DoesNotContain(neijiang, o => o.Id == "demo-provider-b");
        Assert.All(neijiang, o => Assert.Contains(o.Regions, r => r is "511000" or "511002"));
        Assert.Contains(everyone, o => o.Id == "demo-provider-b");
        Assert.True(one.Count <= await WithDirectoriesAsync(all => Task.FromResult(all.Count)));
    }
}

public sealed class OrganisationDirectoryTests_Sqlite(SqliteHost host) : OrganisationDirectoryTests<SqliteHost>(host);

public sealed class OrganisationDirectoryTests_Postgres(PostgresHost host) : OrganisationDirectoryTests<PostgresHost>(host);
