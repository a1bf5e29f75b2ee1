using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Platform.Cms.Identity;
using Platform.Core.Access;

namespace Platform.Cms.Api;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>: every <c>/api</c> endpoint, the OAuth2 scheme (code + PKCE
/// and client credentials against this host's own server) and, per operation, the scopes its token must carry.
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string SchemeName = "oauth2";

    public static void AddPlatformOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, o =>
        {
            // The API only: pages, the public site and the admin are not part of it.
            o.ShouldInclude = d => d.RelativePath is { } path
                && (path.StartsWith("api/", StringComparison.OrdinalIgnoreCase) || path.Equals("health", StringComparison.OrdinalIgnoreCase));
            o.AddDocumentTransformer(DescribeAsync);
            o.AddOperationTransformer(SecureAsync);
        });

    public static void MapPlatformOpenApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();

    private static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "军休服务平台 API / Veteran services platform API",
            Version = DocumentName,
            Description = "调用须携带本平台授权服务器签发的访问令牌（Bearer）。服务商系统用客户端凭据，代人员调用用授权码 + PKCE（S256）。"
                + " Calls carry an access token (Bearer) from this platform's authorization server: client credentials for a provider's system, "
                + "authorization code + PKCE (S256) on behalf of a person.",
        };
        EnsureScheme(document, context.ApplicationServices);
        return Task.CompletedTask;
    }

    private static Task SecureAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any()) return Task.CompletedTask;
        var document = context.Document ?? throw new InvalidOperationException("The OpenAPI operation has no document.");
        EnsureScheme(document, context.ApplicationServices);
        var scopes = metadata.OfType<RequiredScope>().Select(s => s.Scope).Distinct(StringComparer.Ordinal).ToList();
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = scopes });
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "未携带令牌，或令牌无效、已过期、已作废。 Missing, invalid, expired or revoked token." });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = "令牌缺少所需的权限范围，或无权操作该记录。 The token lacks a required scope, or may not act on the record." });
        return Task.CompletedTask;
    }

    /// <summary>Adds the OAuth2 scheme once (operations are described before the document transformers run).</summary>
    private static void EnsureScheme(OpenApiDocument document, IServiceProvider services)
    {
        if (document.Components?.SecuritySchemes?.ContainsKey(SchemeName) == true) return;
        var authority = PublicUrls.Authority(services.GetRequiredService<IConfiguration>());
        var scopes = services.GetRequiredService<ApiScopes>().All
            .ToDictionary(s => s.Name, s => $"{s.DescriptionZh} / {s.DescriptionEn}", StringComparer.Ordinal);
        document.AddComponent<IOpenApiSecurityScheme>(SchemeName, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "本平台的授权服务器。授权码流程必须使用 PKCE（S256）。 This platform's authorization server; the code flow requires PKCE (S256).",
            Flows = new OpenApiOAuthFlows
            {
                AuthorizationCode = new OpenApiOAuthFlow
                {
                    AuthorizationUrl = new Uri(authority + "/connect/authorize"),
                    TokenUrl = new Uri(authority + "/connect/token"),
                    RefreshUrl = new Uri(authority + "/connect/token"),
                    Scopes = new Dictionary<string, string>(scopes),
                },
                ClientCredentials = new OpenApiOAuthFlow
                {
                    TokenUrl = new Uri(authority + "/connect/token"),
                    Scopes = new Dictionary<string, string>(scopes),
                },
            },
            Extensions = new Dictionary<string, IOpenApiExtension>
            {
                ["x-pkce-required"] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create("S256")),
            },
        });
    }
}
