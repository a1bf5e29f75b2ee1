using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Testing;

namespace Platform.Cms.Tests.Identity;

/// <summary>
/// The admin's OAuth client pages: registering a provider's system (its secret shown once), rotating the secret,
/// disabling it (no new tokens, issued tokens refused by the API), and a bureau administrator's scope.
/// </summary>
public abstract partial class ClientAdminTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private static Dictionary<string, string> Registration(string clientId, string regionCode, bool confidential = true, string redirectUris = "") => new()
    {
        ["ClientId"] = clientId,
        ["DisplayName"] = "测试服务商业务系统",
        // The demo provider serving the region: a client is bound only to an organisation serving its region.
        ["OrganisationId"] = regionCode.StartsWith("33", StringComparison.Ordinal) ? "demo-provider-b" : "demo-provider-a",
        ["RegionCode"] = regionCode,
        ["Confidential"] = confidential ? "true" : "false",
        ["RedirectUris"] = redirectUris,
        ["Scopes"] = "regions.read",
    };

    private static string SecretIn(string html)
    {
        var match = SecretPattern().Match(html);
        Assert.True(match.Success, "The page does not show the new secret.");
        return match.Groups[1].Value;
    }

    /// <summary>Client credentials; the access token, or null when the server refused.</summary>
    private async Task<string?> TokenAsync(string clientId, string secret)
    {
        var response = await host.CreateClient().ClientCredentialsAsync(clientId, secret, "regions.read");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
        {
            Assert.True(json.TryGetProperty("error", out _), $"A refusal without an OAuth error: {json}");
            return null;
        }
        return json.GetProperty("access_token").GetString();
    }

    private async Task<HttpStatusCode> CallApiAsync(string accessToken)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return (await client.GetAsync("/api/v1/regions")).StatusCode;
    }

    private async Task<List<string>> AuditAsync(string clientId)
    {
        using var scope = host.Services.CreateScope();
        var entries = await scope.ServiceProvider.GetRequiredService<CoreDbContext>().Audit
            .Where(a => a.Action.StartsWith("client.")).OrderBy(a => a.Id).Select(a => new { a.Action, a.After }).ToListAsync();
        return entries.Where(a => a.After != null && a.After.StartsWith(clientId, StringComparison.Ordinal)).Select(a => a.Action).ToList();
    }

    /// <summary>Posts to a page that cannot be shown to the caller, with the antiforgery token of one that can.</summary>
    private static Task<HttpResponseMessage> PostElsewhereAsync(HttpClient browser, string target, Dictionary<string, string> fields) =>
        browser.PostFormWithTokenFromAsync(target, fields, tokenFrom: "/admin/clients");

    [Fact]
    public async Task A_platform_admin_registers_rotates_and_disables_a_confidential_client()
    {
        const string id = "test-lifecycle-system";
        var admin = await host.CreateAdminAsync();

        // Registered through the page: the secret appears in that answer only.
        var created = await admin.PostFormAsync("/admin/clients", Registration(id, "511000"), "Create");
        var createdHtml = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var secret = SecretIn(createdHtml);
        Assert.Contains("只显示这一次", createdHtml, StringComparison.Ordinal);
        var list = await admin.GetStringAsync("/admin/clients");
        Assert.Contains($"id=\"client-{id}\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"client-secret\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain("platform-admin-ui", list, StringComparison.Ordinal);
        var details = await admin.GetStringAsync($"/admin/clients/{id}");
        Assert.DoesNotContain(secret, details, StringComparison.Ordinal);
        Assert.Contains("demo-provider-a", details, StringComparison.Ordinal);
        Assert.Contains($"action=\"/admin/clients/{id}?handler=Rotate\"", details, StringComparison.Ordinal);
        Assert.Contains($"action=\"/admin/clients/{id}?handler=Disable\"", details, StringComparison.Ordinal);

        // The secret works for client credentials, and the token for the API.
        var first = await TokenAsync(id, secret);
        Assert.NotNull(first);
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(first));

        // Rotation: the old secret (and what it obtained) stops working, the new one works.
        var rotated = await admin.PostFormAsync($"/admin/clients/{id}", new() { ["confirm"] = "true" }, "Rotate");
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var newSecret = SecretIn(await rotated.Content.ReadAsStringAsync());
        Assert.NotEqual(secret, newSecret);
        Assert.DoesNotContain(newSecret, await admin.GetStringAsync($"/admin/clients/{id}"), StringComparison.Ordinal);
        Assert.Null(await TokenAsync(id, secret));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallApiAsync(first));
        var second = await TokenAsync(id, newSecret);
        Assert.NotNull(second);
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(second));

        // Disabling needs the confirmation box, then refuses new tokens and the token already issued.
        var unconfirmed = await admin.PostFormAsync($"/admin/clients/{id}", [], "Disable");
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(second));
        var disabled = await admin.PostFormAsync($"/admin/clients/{id}", new() { ["confirm"] = "true" }, "Disable");
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Contains("已停用", await disabled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await TokenAsync(id, newSecret));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallApiAsync(second));

        // Enabled again, it gets tokens again (the revoked one stays refused).
        var enabled = await admin.PostFormAsync($"/admin/clients/{id}", [], "Enable");
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var third = await TokenAsync(id, newSecret);
        Assert.NotNull(third);
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(third));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallApiAsync(second));

        Assert.Equal(["client.create", "client.rotate-secret", "client.disable", "client.enable"], await AuditAsync(id));
    }

    [Fact]
    public async Task A_bureau_admin_manages_only_clients_of_their_own_regions()
    {
        var sichuan = await host.CreateAdminAsync("sichuan");

        var list = await sichuan.GetStringAsync("/admin/clients");
        Assert.Contains("id=\"client-demo-provider-a-system\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain("demo-provider-b-system", list, StringComparison.Ordinal);

        // Zhejiang's client does not exist as far as Sichuan is concerned, for reading and for changing.
        var other = await sichuan.GetAsync("/admin/clients/demo-provider-b-system");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Contains("未找到接入系统", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var disable = await PostElsewhereAsync(sichuan, "/admin/clients/demo-provider-b-system?handler=Disable", new() { ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.NotFound, disable.StatusCode);
        Assert.NotNull(await TokenAsync("demo-provider-b-system", "demo-provider-b-secret"));
        Assert.Equal(HttpStatusCode.NotFound, (await sichuan.GetAsync("/admin/clients/platform-admin-ui")).StatusCode);

        // Registering for Hangzhou is refused in Chinese and creates nothing.
        var refused = await sichuan.PostFormAsync("/admin/clients", Registration("test-sichuan-for-hangzhou", "330100"), "Create");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("不在您的管辖范围内", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var admin = await host.CreateAdminAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/clients/test-sichuan-for-hangzhou")).StatusCode);

        // Inside Sichuan it works, and Zhejiang cannot see the result.
        var allowed = await sichuan.PostFormAsync("/admin/clients", Registration("test-sichuan-shizhong", "511002"), "Create");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        SecretIn(await allowed.Content.ReadAsStringAsync());
        var zhejiang = await host.CreateAdminAsync("zhejiang");
        Assert.Equal(HttpStatusCode.NotFound, (await zhejiang.GetAsync("/admin/clients/test-sichuan-shizhong")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/clients/test-sichuan-shizhong")).StatusCode);
    }

    [Fact]
    public async Task A_public_client_needs_redirect_uris_and_gets_no_secret()
    {
        var admin = await host.CreateAdminAsync();

        var missing = await admin.PostFormAsync("/admin/clients", Registration("test-public-app", "330100", confidential: false), "Create");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("请填写至少一个回调地址", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var relative = await admin.PostFormAsync("/admin/clients",
            Registration("test-public-app", "330100", confidential: false, redirectUris: "/callback"), "Create");
        Assert.Equal(HttpStatusCode.BadRequest, relative.StatusCode);
        Assert.Contains("须为完整的 http(s) 网址", await relative.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var created = await admin.PostFormAsync("/admin/clients",
            Registration("test-public-app", "330100", confidential: false, redirectUris: "https://app.example.cn/callback\r\nhttp://localhost:5173/callback"), "Create");
        var html = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.DoesNotContain("id=\"client-secret\"", html, StringComparison.Ordinal);
        var details = await admin.GetStringAsync("/admin/clients/test-public-app");
        Assert.Contains("https://app.example.cn/callback", details, StringComparison.Ordinal);
        Assert.Contains("http://localhost:5173/callback", details, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"confirm\" value=\"true\" required> 我已知晓", details, StringComparison.Ordinal);

        var duplicate = await admin.PostFormAsync("/admin/clients", Registration("demo-provider-a-system", "511000"), "Create");
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains("已存在", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("id=\"client-secret\">([^<]+)<")]
    private static partial Regex SecretPattern();
}

public sealed class ClientAdminTests_Sqlite(SqliteHost host) : ClientAdminTests<SqliteHost>(host);

public sealed class ClientAdminTests_Postgres(PostgresHost host) : ClientAdminTests<PostgresHost>(host);
