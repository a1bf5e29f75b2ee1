using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Platform.Cms.Api;

namespace Platform.Cms.Pages;

/// <summary>One operation of the API as the docs page lists it.</summary>
public sealed record ApiOperationRow(string Path, string Method, string? Summary, string? Name, IReadOnlyList<string> Tags, IReadOnlyList<string>? Scopes);

/// <summary>One OAuth flow of the API's security scheme.</summary>
public sealed record ApiFlowRow(string Name, Uri? AuthorizationUrl, Uri? TokenUrl);

/// <summary>
/// The API documentation, rendered on the server from the same OpenAPI document as <c>/openapi/v1.json</c>
/// (no scripts: the content security policy allows none inline and no other hosts).
/// </summary>
[AllowAnonymous]
public sealed class ApiDocsModel(IServiceProvider services) : PageModel
{
    private static readonly string[] MethodOrder = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public IReadOnlyList<ApiOperationRow> Operations { get; private set; } = [];
    public IReadOnlyList<ApiFlowRow> Flows { get; private set; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Scopes { get; private set; } = [];
    public string DocumentPath => ApiDocumentation.DocumentPath;

    public async Task OnGetAsync()
    {
        var provider = services.GetRequiredKeyedService<IOpenApiDocumentProvider>(ApiDocumentation.DocumentName);
        var document = await provider.GetOpenApiDocumentAsync(HttpContext.RequestAborted);
        Title = document.Info?.Title ?? "API";
        Description = document.Info?.Description;

        IOpenApiSecurityScheme? scheme = null;
        document.Components?.SecuritySchemes?.TryGetValue(ApiDocumentation.SchemeName, out scheme);
        if (scheme?.Flows is { } flows)
        {
            var list = new List<ApiFlowRow>();
            if (flows.AuthorizationCode is { } code)
                list.Add(new ApiFlowRow(Core.Text.Bilingual.T("授权码 + PKCE（代人员调用）", "Authorization code + PKCE (on behalf of a person)"), code.AuthorizationUrl, code.TokenUrl));
            if (flows.ClientCredentials is { } client)
                list.Add(new ApiFlowRow(Core.Text.Bilingual.T("客户端凭据（服务商系统）", "Client credentials (a provider's system)"), null, client.TokenUrl));
            Flows = list;
            Scopes = [.. (flows.AuthorizationCode?.Scopes ?? flows.ClientCredentials?.Scopes ?? new Dictionary<string, string>())
                .OrderBy(s => s.Key, StringComparer.Ordinal)];
        }

        var rows = new List<ApiOperationRow>();
        foreach (var (path, item) in document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var (method, operation) in (item.Operations ?? []).OrderBy(o => Array.IndexOf(MethodOrder, o.Key.Method.ToUpperInvariant()) is var i and >= 0 ? i : 99))
            {
                var requirement = operation.Security?
                    .SelectMany(r => r)
                    .Where(r => r.Key.Reference?.Id == ApiDocumentation.SchemeName)
                    .Select(r => (IReadOnlyList<string>)r.Value)
                    .FirstOrDefault();
                rows.Add(new ApiOperationRow(
                    path, method.Method.ToUpperInvariant(), operation.Summary ?? operation.Description, operation.OperationId,
                    [.. (operation.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).OfType<string>()],
                    requirement));
            }
        }
        Operations = rows;
    }
}
