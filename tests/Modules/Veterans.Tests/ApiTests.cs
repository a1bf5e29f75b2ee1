using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Modules.Veterans.Data;
using Platform.Testing;

namespace Platform.Veterans.Tests;

/// <summary>The registry API for bureau systems: create with Chinese validation, contacts, the due list.</summary>
public abstract class ApiTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    [Fact]
    public async Task A_bureau_registers_through_the_API_and_bad_input_is_refused_in_Chinese()
    {
        var api = await host.ApiClientAsync("sichuan", "veterans.read veterans.write");
        var bad = await api.PostAsJsonAsync("/api/v1/veterans/people?region=511002", new { name = "", sex = "男", birthDate = "1940-01-01", rankBand = "上将" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("姓名不能为空", problem.GetProperty("message_zh").GetString(), StringComparison.Ordinal);
        Assert.Contains("职级请填写", problem.GetProperty("message_zh").GetString(), StringComparison.Ordinal);

        var created = await api.PostAsJsonAsync("/api/v1/veterans/people?region=511002",
            new { name = "接口登记", sex = "女", birthDate = "1944-04-04", rankBand = "团级", kind = "遗孀", phone = "13566667777", livingAlone = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var record = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("遗孀（鳏夫）", record.GetProperty("kind").GetString());
        Assert.Equal("511002", record.GetProperty("regionCode").GetString());
        Assert.Equal(["独居"], record.GetProperty("keyGroups").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, record.GetProperty("phone").ValueKind); // the plain endpoint never carries phones

        var id = record.GetProperty("id").GetInt64();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var contact = await api.PostAsJsonAsync($"/api/v1/veterans/people/{id}/contacts", new { date = today, kind = "Festival", notes = "春节慰问" });
        Assert.Equal(HttpStatusCode.Created, contact.StatusCode);
        Assert.Equal(ContactKind.Festival, await host.DbAsync(db => db.ContactLog.Where(c => c.VeteranId == id).Select(c => c.Kind).SingleAsync()));
    }

    [Fact]
    public async Task The_officers_due_list_is_in_the_API_and_a_token_without_the_scope_is_refused()
    {
        var officer = await host.ApiClientAsync("neijiang-liaison", "veterans.read");
        var due = await officer.GetFromJsonAsync<JsonElement>("/api/v1/veterans/due?region=511000");
        Assert.True(due.GetArrayLength() > 0);
        Assert.All(due.EnumerateArray(), d => Assert.True(d.GetProperty("reason").GetString() is "FollowUp" or "Birthday" or "NotContacted"));
        var noScope = await host.ApiClientAsync("neijiang-liaison", "regions.read");
        Assert.Equal(HttpStatusCode.Forbidden, (await noScope.GetAsync("/api/v1/veterans/due?region=511000")).StatusCode);
    }
}

public sealed class ApiTests_Sqlite(SqliteHost host) : ApiTests<SqliteHost>(host);

public sealed class ApiTests_Postgres(PostgresHost host) : ApiTests<PostgresHost>(host);
