using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Cms.Tests.Identity;

/// <summary>The OpenAPI document (/openapi/v1.json) and the server-rendered docs page (/api-docs), both anonymous.</summary>
public abstract class OpenApiTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    [Fact]
    public async Task The_document_lists_the_region_api_with_its_scopes_and_the_oauth2_scheme()
    {
        var response = await host.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(paths, p => p.TrimEnd('/') == "/api/v1/regions");
        Assert.Contains("/api/v1/regions/{code}", paths);
        Assert.Contains("/api/v1/regions/{code}/features/{moduleId}", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/connect", StringComparison.Ordinal) || p.StartsWith("/admin", StringComparison.Ordinal));

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2");
        Assert.Equal("oauth2", scheme.GetProperty("type").GetString());
        var flows = scheme.GetProperty("flows");
        var code = flows.GetProperty("authorizationCode");
        Assert.EndsWith("/connect/authorize", code.GetProperty("authorizationUrl").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/connect/token", code.GetProperty("tokenUrl").GetString(), StringComparison.Ordinal);
        var credentials = flows.GetProperty("clientCredentials");
        Assert.EndsWith("/connect/token", credentials.GetProperty("tokenUrl").GetString(), StringComparison.Ordinal);
        foreach (var flow in new[] { code, credentials })
        {
            var scopes = flow.GetProperty("scopes").EnumerateObject().Select(s => s.Name).ToList();
            Assert.Contains("regions.read", scopes);
            Assert.Contains("regions.write", scopes);
        }

        static List<string> Required(JsonElement operation) =>
            operation.GetProperty("security").EnumerateArray().SelectMany(r => r.GetProperty("oauth2").EnumerateArray())
                .Select(s => s.GetString()!).ToList();
        var regionsPaths = document.GetProperty("paths");
        Assert.Equal(["regions.read"], Required(regionsPaths.GetProperty("/api/v1/regions/{code}").GetProperty("get")));
        Assert.Equal(["regions.write"], Required(regionsPaths.GetProperty("/api/v1/regions/{code}").GetProperty("put")));
        Assert.Equal("GetRegion", regionsPaths.GetProperty("/api/v1/regions/{code}").GetProperty("get").GetProperty("operationId").GetString());
    }

    [Fact]
    public async Task The_docs_page_renders_the_paths_without_scripts()
    {
        var response = await host.CreateClient().GetAsync("/api-docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("接口列表", html, StringComparison.Ordinal);
        Assert.Contains("权限范围", html, StringComparison.Ordinal);
        Assert.Contains("/api/v1/regions/{code}", html, StringComparison.Ordinal);
        Assert.Contains("id=\"op-GetRegion\"", html, StringComparison.Ordinal);
        Assert.Contains("regions.write", html, StringComparison.Ordinal);
        Assert.Contains("/connect/token", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/openapi/v1.json\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class OpenApiTests_Sqlite(SqliteHost host) : OpenApiTests<SqliteHost>(host);

public sealed class OpenApiTests_Postgres(PostgresHost host) : OpenApiTests<PostgresHost>(host);
