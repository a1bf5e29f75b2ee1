using System.Collections;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using Platform.Cms.Data;
using Platform.Cms.Identity;
using Platform.Core.Access;
using Platform.Core.Data;
using Platform.Core.Modules;
using Platform.Testing;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Cms.Tests.Access;

/// <summary>
/// Who may set each field of a write, tried on every write the route table holds (the host's and every module's): each
/// request type and page form a provider can reach declares the owner of every field that sounds vetted
/// (<see cref="SetByAttribute"/>); and as the provider's own system (API) and administrator (admin pages), on its own
/// records, the body as read is accepted while each field the provider does not own, changed one at a time, is refused
/// (403) with the database unchanged. A new module's writes are covered without a new test.
/// </summary>
public abstract partial class FieldOwnershipWalkTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private const string ProviderClient = "demo-provider-a-system";
    private const string ProviderSecret = "demo-provider-a-secret";
    private const string ProviderAdmin = "provider-a";

    private static readonly HashSet<string> WriteMethods = new(StringComparer.OrdinalIgnoreCase) { "POST", "PUT", "PATCH", "DELETE" };

    /// <summary>Names of what a bureau vets somewhere: such a field must say who sets it.</summary>
    [GeneratedRegex("Region|Categor|Status|CreditCode|LegalName|Organisation|Suspend|Approv|Vetted", RegexOptions.IgnoreCase)]
    private static partial Regex VettedName();

    /// <summary>An API write: its method, pattern, scopes and body type.</summary>
    private sealed record ApiWrite(string Method, RouteEndpoint Endpoint, IReadOnlyList<string> Scopes, Type? Body)
    {
        public string Pattern => "/" + (Endpoint.RoutePattern.RawText ?? "").TrimStart('/');

        public override string ToString() => $"{Method} {Pattern}";
    }

    /// <summary>A page handler that takes a form, with the fields it binds (name as posted, and the declaration if any).</summary>
    private sealed record PageWrite(RouteEndpoint Endpoint, string? Handler, IReadOnlyList<(string Name, SetByAttribute? Owner)> Fields)
    {
        public string Pattern => "/" + (Endpoint.RoutePattern.RawText ?? "").TrimStart('/');

        public override string ToString() => $"POST {Pattern}{(string.IsNullOrEmpty(Handler) ? "" : "?handler=" + Handler)}";
    }

    // ---- the route table ---------------------------------------------------------------------------------------

    private IEnumerable<RouteEndpoint> Endpoints()
    {
        _ = host.Server;
        return host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
    }

    private List<ApiWrite> ApiWrites()
    {
        var writes = new List<ApiWrite>();
        foreach (var endpoint in Endpoints().Where(e => ("/" + e.RoutePattern.RawText?.TrimStart('/')).StartsWith("/api/v1/",
            StringComparison.Ordinal)))
        {
            var scopes = endpoint.Metadata.GetOrderedMetadata<RequiredScope>().Select(s => s.Scope).Distinct().ToList();
            var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>();
            var body = accepts?.RequestType is { } type && type != typeof(string) && !accepts.ContentTypes.Any(c => c.Contains("form",
                StringComparison.Ordinal))
                ? type : null;
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                if (WriteMethods.Contains(method)) writes.Add(new ApiWrite(method.ToUpperInvariant(), endpoint, scopes, body));
        }
        return writes;
    }

    /// <summary>POST handlers of pages without the host's region gate: the only admin pages a provider's staff (no region) can
    /// open.</summary>
    private async Task<List<PageWrite>> OrganisationPageWritesAsync()
    {
        var loader = host.Services.GetRequiredService<PageLoader>();
        var writes = new List<PageWrite>();
        foreach (var endpoint in Endpoints())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page
                || endpoint.Metadata.GetMetadata<RegionAgnosticEndpoint>() is null)
                continue;
            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            var bound = compiled.BoundProperties.OfType<PageBoundPropertyDescriptor>()
                .SelectMany(p => Fields(string.IsNullOrEmpty(p.BindingInfo?.BinderModelName) ? p.Name : p.BindingInfo.BinderModelName,
                    p.Property)).ToList();
            foreach (var handler in compiled.HandlerMethods.Where(h => WriteMethods.Contains(h.HttpMethod)))
            {
                var parameters = handler.Parameters.OfType<HandlerParameterDescriptor>()
                    .Where(p => !endpoint.RoutePattern.Parameters.Any(r => r.Name.Equals(p.Name, StringComparison.OrdinalIgnoreCase)))
                    .Select(p => (p.Name, p.ParameterInfo.GetCustomAttribute<SetByAttribute>()));
                writes.Add(new PageWrite(endpoint, handler.Name, [.. bound, .. parameters]));
            }
        }
        return writes;
    }

    /// <summary>A bound property's form fields: itself, or for a form object (<c>Offering</c>) each of its properties
    /// (<c>Offering.Title</c>).</summary>
    private static IEnumerable<(string Name, SetByAttribute? Owner)> Fields(string name, PropertyInfo property)
    {
        var type = property.PropertyType;
        if (IsScalar(type) || typeof(IFormFile).IsAssignableFrom(type) || typeof(IEnumerable).IsAssignableFrom(type))
            return [(name, property.GetCustomAttribute<SetByAttribute>())];
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite)
            .SelectMany(p => Fields($"{name}.{p.Name}", p));
    }

    /// <summary>Every property of a request type, nested request types included (<c>Booking.Companion.Name</c>).</summary>
    private static IEnumerable<(string Name, PropertyInfo Property)> Properties(Type type, string prefix = "", int depth = 0)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead))
        {
            yield return (prefix + property.Name, property);
            var inner = property.PropertyType;
            if (depth < 3 && !IsScalar(inner) && !typeof(IEnumerable).IsAssignableFrom(inner))
                foreach (var nested in Properties(inner, prefix + property.Name + ".", depth + 1)) yield return nested;
        }
    }

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime) || t == typeof(DateOnly)
               || t == typeof(TimeOnly) || t == typeof(DateTimeOffset) || t == typeof(Guid);
    }

    // ---- who the provider is -----------------------------------------------------------------------------------

    /// <summary>The scopes any organisation-bound client holds (what a provider's system may reach), and the demo provider client's
    /// own.</summary>
    private async Task<(HashSet<string> Provider, List<string> Client, string Organisation)> ProviderScopesAsync()
    {
        _ = host.Server;
        using var scope = host.Services.CreateScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var provider = new HashSet<string>(StringComparer.Ordinal);
        List<string> client = [];
        string? organisation = null;
        await foreach (var application in applications.ListAsync())
        {
            var properties = await applications.GetPropertiesAsync(application);
            var grants = properties.TryGetValue(ClientRegistry.GrantsProperty, out var value) && value.ValueKind == JsonValueKind.Array
                ? value.EnumerateArray().Select(g => GrantClaim.Parse(g.GetString() ?? "")).OfType<GrantClaim>().ToList()
                : [];
            if (!grants.Any(g => g.Role == PlatformRoles.ProviderSystem && g.OrganisationId is not null)) continue;
            var scopes = (await applications.GetPermissionsAsync(application)).Where(p => p.StartsWith(Permissions.Prefixes.Scope,
                StringComparison.Ordinal))
                .Select(p => p[Permissions.Prefixes.Scope.Length..]).ToList();
            provider.UnionWith(scopes);
            if (await applications.GetClientIdAsync(application) == ProviderClient)
                (client, organisation) = (scopes, grants.First(g => g.Role == PlatformRoles.ProviderSystem).OrganisationId);
        }
        Assert.True(organisation is not null, $"The demo client {ProviderClient} bound to an organisation is missing.");
        return (provider, client, organisation!);
    }

    // ---- the database ------------------------------------------------------------------------------------------

    /// <summary>Every table's rows except the audit log (a refusal may be recorded there: that is not the record changing).</summary>
    private async Task<Dictionary<string, List<string>>> SnapshotAsync()
    {
        using var scope = host.Services.CreateScope();
        var connection = scope.ServiceProvider.GetRequiredService<CoreDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            var tables = await DatabaseTables.ListAsync(connection, host.Kind);
            var snapshot = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var table in tables.Where(t => !t.Contains("audit", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
                snapshot[table] = await DatabaseTables.RowsAsync(connection, table);
            return snapshot;
        }
        finally
        {
            await connection.CloseAsync();
        }
    }


    private static string? Difference(Dictionary<string, List<string>> before, Dictionary<string, List<string>> after)
    {
        foreach (var table in before.Keys.Union(after.Keys))
        {
            var was = before.GetValueOrDefault(table) ?? [];
            var now = after.GetValueOrDefault(table) ?? [];
            var gone = was.Except(now).ToList();
            var added = now.Except(was).ToList();
            if (gone.Count + added.Count > 0)
                return $"{table} changed: -[{string.Join(" | ", gone.Take(2))}] +[{string.Join(" | ", added.Take(2))}]";
        }
        return null;
    }

    // ---- values ------------------------------------------------------------------------------------------------

    /// <summary>A different value of the same JSON shape: text gains a character, a list one more element, a number one more.</summary>
    private static JsonNode Changed(JsonNode? value, Type type) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var text) => JsonValue.Create(text + "变"),
        JsonValue v when v.TryGetValue<bool>(out var flag) => JsonValue.Create(!flag),
        JsonValue v when v.TryGetValue<decimal>(out var number) => JsonValue.Create(number + 1),
        JsonArray list => new JsonArray([.. list.Select(x => x?.DeepClone()),
            JsonValue.Create(list.Count > 0 && list[0] is JsonValue first && first.TryGetValue<string>(out var text) ? text + "变"
                : "变更测试值")]),
        _ when type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) => new JsonArray("变更测试值"),
        _ when IsScalar(type) && type != typeof(string) => JsonValue.Create(1),
        _ => JsonValue.Create("变更测试值"),
    };

    private static bool IsChinese(string text) => text.Any(c => c is >= '\u4e00' and <= '\u9fff');

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => (char.IsUpper(c) && i > 0 ? "-" : "") + new string(char.ToLowerInvariant(c), 1)));

    /// <summary>
    /// The route filled in for the provider's own records: <c>{organisationId}</c> is its organisation; a <c>{thingId}</c>
    /// is the first of the organisation's things, read from the list endpoint <c>…/organisations/{organisationId}/things</c>.
    /// </summary>
    private async Task<string?> FillAsync(HttpClient client, RoutePattern pattern, string organisation, List<string> problems)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal: path.Append(literal.Content); break;
                    case RoutePatternSeparatorPart separator: path.Append(separator.Content); break;
                    case RoutePatternParameterPart { Name: "organisationId" }: path.Append(organisation); break;
                    case RoutePatternParameterPart parameter when parameter.Name.EndsWith("Id", StringComparison.Ordinal):
                        var plural = "/" + Kebab(parameter.Name[..^2]) + "s";
                        var list = Endpoints().FirstOrDefault(e
                            => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true
                            && (e.RoutePattern.RawText ?? "").EndsWith("{organisationId}" + plural, StringComparison.Ordinal));
                        if (list is null)
                        {
                            problems.Add($"{pattern.RawText}: no list endpoint …/organisations/{{organisationId}}{plural} "
                                + $"to find the provider's own {parameter.Name}");
                            return null;
                        }
                        var items = await client.GetFromJsonAsync<JsonElement>("/" + list.RoutePattern.RawText!.TrimStart('/')
                            .Replace("{organisationId}", organisation, StringComparison.Ordinal));
                        if (items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0)
                        {
                            problems.Add($"{pattern.RawText}: the provider has no {parameter.Name} to try (demo data)");
                            return null;
                        }
                        path.Append(items[0].GetProperty("id").GetRawText());
                        break;
                    default:
                        problems.Add($"{pattern.RawText}: no value for {part}");
                        return null;
                }
            }
        }
        return path.ToString();
    }

    // ---- the tests ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task Every_write_a_provider_can_reach_declares_who_sets_each_field_that_sounds_vetted()
    {
        var (providerScopes, _, _) = await ProviderScopesAsync();
        Assert.Contains("providers.write", providerScopes);
        var problems = new List<string>();
        var checkedTypes = new List<string>();
        foreach (var write in ApiWrites().Where(w => w.Body is not null && w.Scopes.Any(providerScopes.Contains)))
        {
            checkedTypes.Add($"{write} ({write.Body!.Name})");
            foreach (var (name, property) in Properties(write.Body))
                if (VettedName().IsMatch(property.Name) && property.GetCustomAttribute<SetByAttribute>() is null)
                    problems.Add($"{write}: {write.Body.Name}.{name} sounds vetted but declares no owner ([SetBy(...)])");
        }
        foreach (var write in await OrganisationPageWritesAsync())
        {
            checkedTypes.Add(write.ToString());
            foreach (var (name, owner) in write.Fields)
                if (VettedName().IsMatch(name.Split('.')[^1]) && owner is null)
                    problems.Add($"{write}: form field {name} sounds vetted but declares no owner ([SetBy(...)])");
        }
        Assert.Contains(checkedTypes, t => t.StartsWith("PUT /api/v1/providers/organisations/{organisationId} (OrganisationUpdate)",
            StringComparison.Ordinal));
        Assert.Contains(checkedTypes, t => t.StartsWith("POST /admin/providers/{id:long}?handler=Save", StringComparison.Ordinal));
        Assert.True(problems.Count == 0,
            $"{problems.Count} undeclared field(s):\n  {string.Join("\n  ", problems)}\n\nChecked:\n  {string.Join("\n  ", checkedTypes)}");
    }

    [Fact]
    public async Task A_providers_system_changes_no_field_it_does_not_own_on_any_API_write()
    {
        var (_, clientScopes, organisation) = await ProviderScopesAsync();
        using var client = host.CreateClient();
        var token = await (await client.ClientCredentialsAsync(ProviderClient, ProviderSecret, string.Join(' ', clientScopes)))
            .Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());

        var all = ApiWrites();
        var targets = all.Where(w => w.Body is not null && w.Scopes.Count > 0 && w.Scopes.All(clientScopes.Contains)
            && w.Body.GetProperties().Any(p => p.GetCustomAttribute<SetByAttribute>() is { } owner
                && !owner.Allows(PlatformRoles.ProviderSystem))).ToList();
        Assert.Contains(targets, t => t.ToString() == "PUT /api/v1/providers/organisations/{organisationId}");

        var problems = new List<string>();
        var lines = new List<string>();
        foreach (var target in targets)
        {
            var path = await FillAsync(client, target.Endpoint.RoutePattern, organisation, problems);
            if (path is null) continue;
            // A valid body: what the GET of the same path shows (the first item of a list), mapped onto the request type.
            var read = Endpoints().FirstOrDefault(e => e.RoutePattern.RawText == target.Endpoint.RoutePattern.RawText
                && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true);
            if (read is null)
            {
                problems.Add($"{target}: no GET of the same path to build a body from");
                continue;
            }
            var shown = await client.GetFromJsonAsync<JsonNode>(path);
            var source = (shown is JsonArray items ? items.FirstOrDefault() : shown) as JsonObject;
            if (source is null)
            {
                problems.Add($"{target}: GET {path} gave no object to build a body from");
                continue;
            }
            var body = new JsonObject();
            foreach (var property in target.Body!.GetProperties())
            {
                var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                if (source.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } found)
                    body[name] = found.Value?.DeepClone();
            }
            using (var unchanged = await SendAsync(client, target.Method, path, body))
            {
                lines.Add($"{target.Method} {path} as read → {(int)unchanged.StatusCode}");
                if (!unchanged.IsSuccessStatusCode)
                {
                    var why = await unchanged.Content.ReadAsStringAsync();
                    problems.Add($"{target.Method} {path}: the body as read was refused ({(int)unchanged.StatusCode} {why})");
                    continue;
                }
            }
            var snapshot = await SnapshotAsync();
            foreach (var property in target.Body.GetProperties())
            {
                if (property.GetCustomAttribute<SetByAttribute>() is not { } owner || owner.Allows(PlatformRoles.ProviderSystem)) continue;
                var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                var changed = body.DeepClone().AsObject();
                changed[name] = Changed(body[name], property.PropertyType);
                using var response = await SendAsync(client, target.Method, path, changed);
                var text = await response.Content.ReadAsStringAsync();
                lines.Add($"{target.Method} {path} with {name}={changed[name]?.ToJsonString()} → {(int)response.StatusCode}");
                if (response.StatusCode != HttpStatusCode.Forbidden || !IsChinese(text))
                    problems.Add($"{target.Method} {path} with {name} changed: expected 403 with a Chinese message, "
                                 + $"got {(int)response.StatusCode} {text}");
                var after = await SnapshotAsync();
                if (Difference(snapshot, after) is { } difference)
                    problems.Add($"{target.Method} {path} with {name} changed: {difference}");
                snapshot = after;
            }
        }
        Assert.True(problems.Count == 0,
            $"{problems.Count} problem(s):\n  {string.Join("\n  ", problems)}\n\nSent:\n  {string.Join("\n  ", lines)}");
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, JsonObject body) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(body) });

    [Fact]
    public async Task A_provider_administrator_changes_no_field_it_does_not_own_on_any_admin_form()
    {
        var browser = host.CreateBrowser();
        await browser.SignInToAdminAsync(ProviderAdmin);
        var targets = (await OrganisationPageWritesAsync())
            .Where(w => w.Fields.Any(f => f.Owner is { } owner && !owner.Allows(PlatformRoles.ProviderAdmin))).ToList();
        Assert.Contains(targets, t => t.ToString() == "POST /admin/providers/{id:long}?handler=Save");

        // The pages the provider administrator reaches by following links from the admin's start.
        var reached = await CrawlAsync(browser);
        var problems = new List<string>();
        var lines = new List<string>();
        var saved = new List<PageWrite>();
        foreach (var target in targets)
        {
            var url = reached.FirstOrDefault(u => Matches(target.Endpoint.RoutePattern, u));
            if (url is null) continue; // not reachable by this person (e.g. another organisation's page)
            var html = await browser.GetStringAsync(url);
            var form = Forms(html).FirstOrDefault(f => f.Handler == (string.IsNullOrEmpty(target.Handler) ? null : target.Handler));
            if (form.Action is null)
            {
                lines.Add($"{target}: {url} shows this person no form for it (nothing to try)");
                continue;
            }
            bool accepted;
            using (var unchanged = await browser.PostAsync(form.Action, new FormUrlEncodedContent(form.Fields)))
            {
                accepted = (int)unchanged.StatusCode < 400;
                lines.Add($"POST {form.Action} as shown → {(int)unchanged.StatusCode}");
            }
            if (accepted) saved.Add(target);
            var snapshot = await SnapshotAsync();
            foreach (var (name, owner) in target.Fields)
            {
                if (owner is null || owner.Allows(PlatformRoles.ProviderAdmin)) continue;
                var fields = form.Fields.Where(f => f.Key != name).ToList();
                var shownValue = form.Fields.FirstOrDefault(f => f.Key == name).Value;
                fields.Add(new(name, shownValue is null ? "变更测试值" : shownValue + "变"));
                using var response = await browser.PostAsync(form.Action, new FormUrlEncodedContent(fields));
                var text = await response.Content.ReadAsStringAsync();
                lines.Add($"POST {form.Action} with {name} changed → {(int)response.StatusCode}");
                // A form that saves as shown must refuse the changed field; one refused as shown (a create form with
                // its required fields empty) must stay refused: the field never turns a refusal into a write.
                if (accepted ? response.StatusCode != HttpStatusCode.Forbidden || !IsChinese(text) : (int)response.StatusCode < 400)
                    problems.Add($"POST {form.Action} with {name} changed: "
                                 + $"expected {(accepted ? "403 with a Chinese message" : "a refusal")}, got {(int)response.StatusCode}");
                var after = await SnapshotAsync();
                if (Difference(snapshot, after) is { } difference) problems.Add($"POST {form.Action} with {name} changed: {difference}");
                snapshot = after;
            }
        }
        Assert.Contains(saved, t => t.ToString() == "POST /admin/providers/{id:long}?handler=Save");
        Assert.True(problems.Count == 0,
            $"{problems.Count} problem(s):\n  {string.Join("\n  ", problems)}\n\nSent:\n  {string.Join("\n  ", lines)}"
            + $"\n\nReached:\n  {string.Join("\n  ", reached)}");
    }

    // ---- pages -------------------------------------------------------------------------------------------------

    [GeneratedRegex("href=\"(/admin[^\"#]*)\"")]
    private static partial Regex LinkPattern();

    private static async Task<List<string>> CrawlAsync(HttpClient browser)
    {
        var seen = new List<string>();
        var queue = new Queue<string>(["/admin", "/admin/providers"]);
        while (queue.Count > 0 && seen.Count < 80)
        {
            var url = queue.Dequeue();
            if (seen.Contains(url, StringComparer.Ordinal)) continue;
            seen.Add(url);
            using var response = await browser.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html") continue;
            foreach (Match link in LinkPattern().Matches(await response.Content.ReadAsStringAsync()))
            {
                var next = WebUtility.HtmlDecode(link.Groups[1].Value);
                if (!next.StartsWith("/admin/logout", StringComparison.Ordinal) && !seen.Contains(next, StringComparer.Ordinal))
                    queue.Enqueue(next);
            }
        }
        return seen;
    }

    /// <summary>Whether a path (query ignored) is one of the pattern's: literals equal, <c>{x:long}</c> digits, other values
    /// anything.</summary>
    private static bool Matches(RoutePattern pattern, string url)
    {
        var segments = url.Split('?')[0].Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length != pattern.PathSegments.Count) return false;
        for (var i = 0; i < segments.Length; i++)
        {
            if (pattern.PathSegments[i].Parts is not [var part]) return false;
            var ok = part switch
            {
                RoutePatternLiteralPart literal => literal.Content.Equals(segments[i], StringComparison.OrdinalIgnoreCase),
                RoutePatternParameterPart p when p.ParameterPolicies.Any(x => x.Content is "long" or "int")
                    => segments[i].All(char.IsAsciiDigit),
                RoutePatternParameterPart => true,
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }

    [GeneratedRegex("[?&]handler=([^&]+)")]
    private static partial Regex HandlerPattern();

    [GeneratedRegex("<form\\b([^>]*)>(.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.Singleline)]
    private static partial Regex InputPattern();

    [GeneratedRegex("<select\\b([^>]*)>(.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex SelectPattern();

    [GeneratedRegex("<option\\b([^>]*)>", RegexOptions.Singleline)]
    private static partial Regex OptionPattern();

    [GeneratedRegex("<textarea\\b([^>]*)>(.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex TextareaPattern();

    [GeneratedRegex("([a-zA-Z_:-]+)(?:=\"([^\"]*)\")?")]
    private static partial Regex AttributePattern();

    private static Dictionary<string, string> Attributes(string tag) => AttributePattern().Matches(tag)
        .GroupBy(m => m.Groups[1].Value.ToLowerInvariant()).ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups[2].Value));

    /// <summary>The page's POST forms: where each posts (and to which handler) and the fields a browser would send as shown.</summary>
    private static List<(string? Action, string? Handler, List<KeyValuePair<string, string>> Fields)> Forms(string html)
    {
        var forms = new List<(string?, string?, List<KeyValuePair<string, string>>)>();
        foreach (Match match in FormPattern().Matches(html))
        {
            var attributes = Attributes(match.Groups[1].Value);
            if (!attributes.TryGetValue("method", out var method) || !method.Equals("post", StringComparison.OrdinalIgnoreCase)) continue;
            var action = attributes.GetValueOrDefault("action") ?? "";
            var handler = HandlerPattern().Match(action) is { Success: true } h ? h.Groups[1].Value : null;
            var fields = new List<KeyValuePair<string, string>>();
            var body = match.Groups[2].Value;
            foreach (Match input in InputPattern().Matches(body))
            {
                var a = Attributes(input.Value);
                var type = a.GetValueOrDefault("type") ?? "text";
                if (!a.TryGetValue("name", out var name) || type is "submit" or "button" or "file" or "image" or "reset") continue;
                if (type is "checkbox" or "radio" && !a.ContainsKey("checked")) continue;
                fields.Add(new(name, a.GetValueOrDefault("value") ?? (type == "checkbox" ? "true" : "")));
            }
            foreach (Match select in SelectPattern().Matches(body))
            {
                if (!Attributes(select.Groups[1].Value).TryGetValue("name", out var name)) continue;
                var options = OptionPattern().Matches(select.Groups[2].Value).Select(o => Attributes(o.Value)).ToList();
                var chosen = options.FirstOrDefault(o => o.ContainsKey("selected")) ?? options.FirstOrDefault();
                if (chosen is not null) fields.Add(new(name, chosen.GetValueOrDefault("value") ?? ""));
            }
            foreach (Match area in TextareaPattern().Matches(body))
                if (Attributes(area.Groups[1].Value).TryGetValue("name", out var name))
                    fields.Add(new(name, WebUtility.HtmlDecode(area.Groups[2].Value)));
            forms.Add((action, handler, fields));
        }
        return forms;
    }
}

/// <summary>A demo host without background jobs: the database changes only by the requests a walk sends.</summary>
public sealed class QuietSqliteHost()
    : PlatformFactory(DatabaseKind.Sqlite, settings: new Dictionary<string, string> { ["Platform:Jobs:Enabled"] = "false" });

/// <summary>The same on PostgreSQL.</summary>
public sealed class QuietPostgresHost()
    : PlatformFactory(DatabaseKind.Postgres, settings: new Dictionary<string, string> { ["Platform:Jobs:Enabled"] = "false" });

public sealed class FieldOwnershipWalkTests_Sqlite(QuietSqliteHost host) : FieldOwnershipWalkTests<QuietSqliteHost>(host);

public sealed class FieldOwnershipWalkTests_Postgres(QuietPostgresHost host) : FieldOwnershipWalkTests<QuietPostgresHost>(host);
