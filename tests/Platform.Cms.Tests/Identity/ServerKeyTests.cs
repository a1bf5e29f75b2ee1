using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Identity;
using Platform.Testing;

namespace Platform.Cms.Tests.Identity;

/// <summary>Token keys live in the database: they survive restarts, and a rotation keeps old tokens valid for the overlap.</summary>
public abstract class ServerKeyTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private static async Task<string> ClientTokenAsync(HttpClient client)
    {
        var response = await client.ClientCredentialsAsync("demo-provider-a-system", "demo-provider-a-secret", "regions.read");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private static string KeyId(string jwt)
    {
        var header = jwt.Split('.')[0].Replace('-', '+').Replace('_', '/');
        header = header.PadRight(header.Length + (4 - header.Length % 4) % 4, '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header))).RootElement.GetProperty("kid").GetString()!;
    }

    private static async Task<HttpStatusCode> CallApiAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/regions/511000");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Tokens_survive_a_restart_and_a_key_rotation_and_new_tokens_use_the_new_key()
    {
        var before = await ClientTokenAsync(host.CreateClient());
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(host.CreateClient(), before));

        using (var scope = host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<ServerKeyStore>().RotateAsync();

        using var restarted = host.Restart();
        var client = restarted.CreateClient();
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(client, before));
        var after = await ClientTokenAsync(client);
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(client, after));
        Assert.NotEqual(KeyId(before), KeyId(after));
    }
}

public sealed class ServerKeyTests_Sqlite(SqliteHost host) : ServerKeyTests<SqliteHost>(host);

public sealed class ServerKeyTests_Postgres(PostgresHost host) : ServerKeyTests<PostgresHost>(host);
