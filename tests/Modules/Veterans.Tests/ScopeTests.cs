using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;

namespace Platform.Veterans.Tests;

/// <summary>A Neijiang officer never sees Hangzhou's veterans, and Zhejiang's bureau changes nothing in Sichuan: pages and API alike.</summary>
public abstract class ScopeTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    [Fact]
    public async Task A_Neijiang_officer_cannot_see_Hangzhou_veterans_in_pages()
    {
        var hangzhou = await host.DemoVeteranAsync("3301");
        var neijiang = await host.DemoVeteranAsync("5110");
        var officer = host.CreateBrowser();
        await officer.SignInToAdminAsync("neijiang-liaison");

        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/admin/veterans/{neijiang}?region=511000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync($"/admin/veterans/{hangzhou}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync("/admin/veterans?region=330100")).StatusCode);
        var name = await host.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Veterans.Where(v => v.Id == neijiang).Select(v => v.Name)));
        var list = await officer.GetStringAsync($"/admin/veterans?region=511000&name={Uri.EscapeDataString(name)}");
        Assert.Contains($"id=\"veteran-{neijiang}\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"veteran-{hangzhou}\"", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.GetAsync("/admin/veterans/export.xlsx?region=330100")).StatusCode);
    }

    [Fact]
    public async Task A_Neijiang_officer_cannot_see_Hangzhou_veterans_through_the_API()
    {
        var hangzhou = await host.DemoVeteranAsync("3301");
        var neijiang = await host.DemoVeteranAsync("5110");
        var api = await host.ApiClientAsync("neijiang-liaison", "veterans.read veterans.sensitive");

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/veterans/people/{neijiang}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/veterans/people/{hangzhou}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/veterans/people/{hangzhou}/sensitive")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/veterans/people?region=330100")).StatusCode);
        var list = await api.GetFromJsonAsync<List<Platform.Modules.Veterans.Features.VeteranListItem>>("/api/v1/veterans/people?region=511000");
        Assert.NotNull(list);
        Assert.NotEmpty(list);
        Assert.All(list, v => Assert.StartsWith("5110", v.RegionCode, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_Zhejiang_bureau_cannot_change_a_Sichuan_record_and_a_liaison_cannot_edit_it()
    {
        var neijiang = await host.DemoVeteranAsync("5110");
        var before = await host.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Veterans, v => v.Id == neijiang));
        var zhejiang = await host.CreateAdminAsync("zhejiang");
        var refused = await zhejiang.PostFormWithTokenFromAsync($"/admin/veterans/{neijiang}?handler=Save",
            new() { ["Form.Name"] = "篡改", ["Revision"] = before.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) }, tokenFrom: "/admin/veterans?region=330000");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var api = await host.ApiClientAsync("zhejiang", "veterans.write");
        var created = await api.PostAsJsonAsync("/api/v1/veterans/people?region=511002", new { name = "越权", sex = "男", birthDate = "1940-01-01", rankBand = "师级" });
        Assert.Equal(HttpStatusCode.NotFound, created.StatusCode);

        var liaison = host.CreateBrowser();
        await liaison.SignInToAdminAsync("neijiang-liaison");
        var forbidden = await liaison.PostFormAsync($"/admin/veterans/{neijiang}?region=511000",
            new() { ["Form.Name"] = "篡改", ["Revision"] = before.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) }, handler: "Save");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("没有", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await host.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Veterans, v => v.Id == neijiang));
        Assert.Equal(before.Name, after.Name);
        Assert.Equal(before.Revision, after.Revision);
    }
}

public sealed class ScopeTests_Sqlite(SqliteHost host) : ScopeTests<SqliteHost>(host);

public sealed class ScopeTests_Postgres(PostgresHost host) : ScopeTests<PostgresHost>(host);

/// <summary>A liaison officer of one rest home sees that rest home's households (and those assigned to them), not the rest of the city.</summary>
public abstract class InstitutionOfficerTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    [Fact]
    public async Task An_officer_of_one_rest_home_sees_only_its_households_and_those_assigned_to_them()
    {
        var longchang = await host.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Institutions.Where(i => i.Name == "隆昌市军休所").Select(i => i.Id)));
        var officer = VeteransTestData.Person("longchang-officer",
            new Platform.Core.Access.GrantClaim(Platform.Core.Access.PlatformRoles.LiaisonOfficer, "511000", null, longchang.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var (rows, total) = await host.InScopeAsync(sp => sp.GetRequiredService<Platform.Modules.Veterans.Features.Registry.VeteranRegistry>()
            .ListAsync(officer, new Platform.Modules.Veterans.Features.Registry.RegistryFilter("511000"), 0, 500));
        var homes = await host.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Veterans.Where(v => v.RegionCode.StartsWith("5110") && v.DeceasedDate == null).Select(v => new { v.Id, v.InstitutionId })));
        Assert.True(total > 0);
        Assert.Equal(homes.Count(h => h.InstitutionId == longchang), total);
        var other = homes.First(h => h.InstitutionId != longchang).Id;
        Assert.DoesNotContain(rows, r => r.Id == other);
        var hidden = await Assert.ThrowsAsync<Platform.Core.PlatformException>(() => host.InScopeAsync(sp =>
            sp.GetRequiredService<Platform.Modules.Veterans.Features.VeteranAccess>().VisibleAsync(officer, other)));
        Assert.Equal(404, hidden.Status);

        // The city-wide officer still sees the whole city.
        var cityWide = VeteransTestData.Person("neijiang-liaison", new Platform.Core.Access.GrantClaim(Platform.Core.Access.PlatformRoles.LiaisonOfficer, "511000", null));
        Assert.Equal(other, (await host.InScopeAsync(sp => sp.GetRequiredService<Platform.Modules.Veterans.Features.VeteranAccess>().VisibleAsync(cityWide, other))).Id);
    }
}

public sealed class InstitutionOfficerTests_Sqlite(SqliteHost host) : InstitutionOfficerTests<SqliteHost>(host);

public sealed class InstitutionOfficerTests_Postgres(PostgresHost host) : InstitutionOfficerTests<PostgresHost>(host);
