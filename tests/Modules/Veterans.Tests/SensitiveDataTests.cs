using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features.Registry;
using Platform.Modules.Veterans.Sensitive;
using Platform.Testing;

namespace Platform.Veterans.Tests;

/// <summary>PIPL: sensitive fields only for those who need them, every view logged, health notes unreadable in the database.</summary>
public abstract class SensitiveDataTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private const string Note = "冠心病史，随身携带硝酸甘油（测试）";

    private async Task<long> RegisterAsync(string idNumber) => await host.InScopeAsync(async sp =>
    {
        var (values, errors) = new VeteranForm
        {
            Name = "测试老兵", Sex = "男", BirthDate = "1938-03-04", IdNumber = idNumber, RegionCode = "511011", Address = "东兴区测试路 1 号",
            Phone = "13912345678", RankBand = "师级", HealthNotes = Note,
        }.Validate(new DateOnly(2026, 11, 25), _ => false);
        Assert.Empty(errors);
        return await sp.GetRequiredService<VeteranRegistry>().CreateAsync(VeteransTestData.Sichuan, values!);
    });

    [Fact]
    public async Task Health_notes_are_unreadable_in_the_raw_database_and_the_key_is_a_file_outside_it()
    {
        var id = await RegisterAsync("511011193803040011");
        var raw = await host.DbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT \"HealthNotes\" FROM \"veterans_people\" WHERE \"Id\" = {id}";
            return (byte[])(await command.ExecuteScalarAsync())!;
        });
        var plain = Encoding.UTF8.GetBytes(Note);
        Assert.True(raw.Length > plain.Length);
        Assert.Equal(-1, raw.AsSpan().IndexOf(plain.AsSpan(0, 9)));       // not the text, nor its first three characters
        Assert.DoesNotContain("冠心病", Encoding.UTF8.GetString(raw), StringComparison.Ordinal);

        var keyFile = Path.Combine(host.DataPath, "veterans-health.key");
        Assert.True(File.Exists(keyFile));
        var key = Convert.FromBase64String(await File.ReadAllTextAsync(keyFile));
        Assert.Equal(Note, new HealthNoteCipher(key).Decrypt(raw));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => new HealthNoteCipher(new byte[32]).Decrypt(raw));
    }

    [Fact]
    public async Task Every_view_of_sensitive_fields_is_logged_and_an_unassigned_officer_sees_them_masked()
    {
        var id = await RegisterAsync("511011193803040027");
        var sichuan = await host.CreateAdminAsync("sichuan");
        var page = await sichuan.GetStringAsync($"/admin/veterans/{id}?region=511000");
        Assert.Contains("13912345678", page, StringComparison.Ordinal);
        Assert.Contains(Note, page, StringComparison.Ordinal);
        await sichuan.GetStringAsync($"/admin/veterans/{id}");
        var log = await host.AccessLogAsync(id);
        Assert.Equal(2, log.Count);
        Assert.All(log, e =>
        {
            Assert.Equal("sichuan", e.Actor);
            Assert.Equal("page", e.Channel);
            Assert.Contains(SensitiveFields.HealthNotes, e.Fields, StringComparison.Ordinal);
            Assert.Contains(SensitiveFields.Phones, e.Fields, StringComparison.Ordinal);
        });

        // The region's officer, not assigned to this household: the record without the sensitive fields, and nothing logged.
        var officer = host.CreateBrowser();
        await officer.SignInToAdminAsync("neijiang-liaison");
        var masked = await officer.GetStringAsync($"/admin/veterans/{id}?region=511000");
        Assert.Contains("139****5678", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("13912345678", masked, StringComparison.Ordinal);
        Assert.DoesNotContain(Note, masked, StringComparison.Ordinal);
        Assert.Equal(2, (await host.AccessLogAsync(id)).Count);
        var api = await host.ApiClientAsync("neijiang-liaison", "veterans.read veterans.sensitive");
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/v1/veterans/people/{id}/sensitive")).StatusCode);

        // Once the household is assigned to the officer, they see it, and each view is logged as theirs.
        var assign = await sichuan.PostFormAsync("/admin/veterans/assign?region=511000", new() { ["Selected"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["OfficerUserName"] = "neijiang-liaison" });
        Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        Assert.Contains(Note, await officer.GetStringAsync($"/admin/veterans/{id}"), StringComparison.Ordinal);
        var record = await api.GetFromJsonAsync<JsonElement>($"/api/v1/veterans/people/{id}/sensitive");
        Assert.Equal(Note, record.GetProperty("healthNotes").GetString());
        var plain = await api.GetFromJsonAsync<JsonElement>($"/api/v1/veterans/people/{id}");
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("healthNotes").ValueKind);
        log = await host.AccessLogAsync(id);
        Assert.Equal([("neijiang-liaison", "page"), ("neijiang-liaison", "api")], log.Skip(2).Select(e => (e.Actor, e.Channel)).ToList());
    }

    [Fact]
    public async Task A_veteran_downloads_their_own_record_and_the_view_is_logged()
    {
        var api = await host.ApiClientAsync("veteran-demo", "veterans.self");
        var response = await api.GetAsync("/api/v1/veterans/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString() ?? "", StringComparison.Ordinal);
        var records = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, records.GetArrayLength());
        Assert.Equal(1, records[0].GetProperty("id").GetInt64());
        Assert.NotNull(records[0].GetProperty("phone").GetString());
        Assert.Contains(await host.AccessLogAsync(1), e => e.Actor == "veteran-demo" && e.Channel == "self");

        // The veteran's token reaches nobody else's record.
        var other = await host.ApiClientAsync("veteran-demo", "veterans.read");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/api/v1/veterans/people/2")).StatusCode);
    }
}

public sealed class SensitiveDataTests_Sqlite(SqliteHost host) : SensitiveDataTests<SqliteHost>(host);

public sealed class SensitiveDataTests_Postgres(PostgresHost host) : SensitiveDataTests<PostgresHost>(host);
