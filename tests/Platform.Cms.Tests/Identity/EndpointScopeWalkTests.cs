using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Identity;
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
using Platform.Testing;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Cms.Tests.Identity;

/// <summary>
/// Walks every endpoint under <c>/api/v1</c> and <c>/admin</c> that the running host has mapped (the host's, every
/// module's, the fixture modules Alpha and Beta included) with route values pointing at Sichuan (Neijiang, 511000):
/// anonymous callers are sent to sign in, a provider system's token without the endpoint's scope is refused, and the
/// Zhejiang bureau administrator changes nothing in Sichuan. A new endpoint without a check fails here by itself.
/// </summary>
public abstract partial class EndpointScopeWalkTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private const string Sichuan = "511000";
    private const string ProviderClient = "demo-provider-a-system";
    private const string ProviderSecret = "demo-provider-a-secret";

    /// <summary>What the database holds that a refused write must leave alone.</summary>
    private static readonly string[] WatchedTables =
        ["core_regions", "core_region_features", "core_users", "core_grants", "core_oauth_applications", "alpha_notes",
         "core_workflow_instances", "core_workflow_history",
         // The installed Veterans module: its registry, assignments, contact log and PIPL access log.
         "veterans_people", "veterans_household_contacts", "veterans_institutions", "veterans_officers", "veterans_assignments",
         "veterans_contact_log", "veterans_access_log", "veterans_import_jobs",
         // The installed OralHistory module: stories' narrators, consent, honours, volumes and the weekly column.
         "oralhistory_stories", "oralhistory_narrators", "oralhistory_consents", "oralhistory_honours", "oralhistory_collections",
         "oralhistory_collection_stories", "oralhistory_column_settings", "oralhistory_column_slots",
         // The installed Sanatoriums module: sanatoriums, batches, the bed ledger, bookings, stay days and calendar links.
         "sanatoriums_sanatoriums", "sanatoriums_batches", "sanatoriums_capacity", "sanatoriums_bookings", "sanatoriums_stay_days",
         "sanatoriums_calendar_feeds"];

    private static readonly HashSet<string> WriteMethods = new(StringComparer.OrdinalIgnoreCase) { "POST", "PUT", "PATCH", "DELETE" };

    /// <summary>One request of the walk: an endpoint (and for a Razor Page, one of its handlers) with every value filled in.</summary>
    private sealed record Target(
        string Method, string Pattern, string Path, string? Handler, bool IsApi, IReadOnlyList<string> Scopes,
        Type? BodyType, IReadOnlyList<(string Name, Type Type)> Fields, string? EnumChoice)
    {
        public bool IsWrite => WriteMethods.Contains(Method);

        public string Url
        {
            get
            {
                var query = $"region={Sichuan}" + (Handler is null ? "" : $"&handler={Handler}");
                return Path + (Path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
            }
        }

        public override string ToString() =>
            $"{Method} {Url}{(EnumChoice is null ? "" : $" [{EnumChoice}]")}  (route {Pattern}{(Scopes.Count > 0 ? ", scope " + string.Join(" ", Scopes) : "")})";
    }

    /// <summary>The Sichuan records that route values and fields point at.</summary>
    private sealed record SichuanValues(string PersonId, string GrantId, string ClientId, string WorkflowId);

    // ---- enumeration -------------------------------------------------------------------------------------------

    private async Task<SichuanValues> SichuanValuesAsync()
    {
        using var scope = host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var person = await users.FindByNameAsync("neijiang-liaison") ?? throw new InvalidOperationException("Demo person neijiang-liaison is missing.");
        var grant = await scope.ServiceProvider.GetRequiredService<IdentityStoreContext>().Grants.AsNoTracking()
            .Where(g => g.UserId == person.Id).Select(g => g.Id).FirstAsync();
        // A process of a Sichuan county, for the workflow pages ({id:long}).
        var workflow = await scope.ServiceProvider.GetRequiredService<Platform.Core.Workflows.IWorkflowEngine>()
            .StartAsync("Alpha", "note-review", "scope-walk-" + Guid.NewGuid().ToString("N"), "511002", "scope-walk");
        return new SichuanValues(person.Id, grant.ToString(CultureInfo.InvariantCulture), ProviderClient,
            workflow.Id.ToString(CultureInfo.InvariantCulture));
    }

    private async Task<List<Target>> TargetsAsync(SichuanValues values)
    {
        _ = host.Server;
        var loader = host.Services.GetRequiredService<PageLoader>();
        var targets = new List<Target>();
        foreach (var endpoint in host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var isApi = pattern.StartsWith("/api/v1/", StringComparison.OrdinalIgnoreCase);
            var isAdmin = pattern.Equals("/admin", StringComparison.OrdinalIgnoreCase) || pattern.StartsWith("/admin/", StringComparison.OrdinalIgnoreCase);
            if (!isApi && !isAdmin) continue;

            var scopes = endpoint.Metadata.GetOrderedMetadata<RequiredScope>().Select(s => s.Scope).Distinct().ToList();
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                var bound = compiled.BoundProperties.Select(p => (FieldName(p.BindingInfo?.BinderModelName, p.Name), p.ParameterType)).ToList();
                foreach (var handler in compiled.HandlerMethods)
                {
                    var method = handler.HttpMethod.ToUpperInvariant();
                    var fields = handler.Parameters.Select(p => (FieldName(p.BindingInfo?.BinderModelName, p.Name), p.ParameterType))
                        .Concat(WriteMethods.Contains(method) ? bound : [])
                        .Where(f => !endpoint.RoutePattern.Parameters.Any(r => r.Name.Equals(f.Item1, StringComparison.OrdinalIgnoreCase)))
                        .ToList();
                    targets.AddRange(Expand(method, pattern, Fill(endpoint.RoutePattern, values, handler.Name), handler.Name, false, scopes, null, fields));
                }
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } declared
                ? declared
                : ["GET", "POST", "PUT", "DELETE"]; // no method stated: it answers all of them
            var body = endpoint.Metadata.GetMetadata<IAcceptsMetadata>();
            var bodyType = body?.RequestType is { } type && type != typeof(string) && !body.ContentTypes.Any(c => c.Contains("form", StringComparison.Ordinal))
                ? type : null;
            var formFields = body is not null && body.ContentTypes.Any(c => c.Contains("form", StringComparison.Ordinal))
                ? FormParameters(endpoint) : [];
            foreach (var method in methods)
                targets.AddRange(Expand(method.ToUpperInvariant(), pattern, Fill(endpoint.RoutePattern, values, null), null, isApi, scopes, bodyType, formFields));
        }
        // Signing out would end the session the rest of the walk uses: last.
        return [.. targets.OrderBy(t => t.Pattern.Equals("/admin/logout", StringComparison.OrdinalIgnoreCase)).ThenBy(t => t.Pattern, StringComparer.Ordinal)];
    }

    /// <summary>One request per value of the first enum field (a switch's on/off/inherit), else one.</summary>
    private static IEnumerable<Target> Expand(string method, string pattern, string path, string? handler, bool isApi, IReadOnlyList<string> scopes,
        Type? bodyType, IReadOnlyList<(string Name, Type Type)> fields)
    {
        var choice = fields.FirstOrDefault(f => Nullable.GetUnderlyingType(f.Type) is { IsEnum: true } || f.Type.IsEnum);
        if (choice.Name is null || !WriteMethods.Contains(method))
        {
            yield return new Target(method, pattern, path, handler, isApi, scopes, bodyType, fields, null);
            yield break;
        }
        var enumType = Nullable.GetUnderlyingType(choice.Type) ?? choice.Type;
        foreach (var name in Enum.GetNames(enumType))
            yield return new Target(method, pattern, path, handler, isApi, scopes, bodyType, fields, $"{choice.Name}={name}");
    }

    /// <summary>[FromForm] parameters of a minimal API endpoint, from its handler method.</summary>
    private static List<(string Name, Type Type)> FormParameters(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<MethodInfo>() is { } method
            ? method.GetParameters()
                .Where(p => p.ParameterType == typeof(string) || p.ParameterType.IsValueType)
                .Where(p => !endpoint.RoutePattern.Parameters.Any(r => r.Name == p.Name))
                .Select(p => (p.Name!, p.ParameterType)).ToList()
            : [];

    private static string FieldName(string? binderName, string name) => string.IsNullOrEmpty(binderName) ? name : binderName;

    private static string Fill(RoutePattern pattern, SichuanValues values, string? handler)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart { ParameterPolicies: var policies } parameter
                        when policies.Any(p => p.Content is "long" or "int") => parameter.Name == "id" ? values.WorkflowId : "1",
                    RoutePatternParameterPart parameter => Uri.EscapeDataString(Value(parameter.Name, typeof(string), values, handler)),
                    _ => throw new InvalidOperationException($"Route part {part} of {pattern.RawText}"),
                });
            }
        }
        if (pattern.RawText?.EndsWith('/') == true) path.Append('/');
        return path.Length == 0 ? "/" : path.ToString();
    }

    /// <summary>A plausible value for a route value, form field or JSON property, pointing at Sichuan.</summary>
    private static string Value(string name, Type type, SichuanValues values, string? handler)
    {
        var creating = handler is "Create" or "Invite";
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return name.ToLowerInvariant() switch
        {
            "region" or "regioncode" or "parentcode" => Sichuan,
            "code" => creating ? "511099" : Sichuan,
            "moduleid" or "module" => "Alpha",
            "state" => "on",
            "id" or "userid" or "personid" => values.PersonId,
            "grantid" => values.GrantId,
            "clientid" => creating ? "scope-walk-client" : values.ClientId,
            "username" => "scope-walk-person",
            "name" or "displayname" => "越权测试",
            "slug" => "scope-walk",
            "password" => BrowserExtensions.DemoPassword,
            "role" => PlatformRoles.BureauAdmin,
            "organisationid" => "demo-provider-a",
            "theme" => "default",
            "text" => "越权笔记",
            "returnurl" => "/admin",
            "scopes" or "scope" => "regions.write",
            "redirecturis" => "",
            _ when underlying == typeof(bool) => "true",
            _ when underlying.IsEnum => Enum.GetNames(underlying)[0],
            _ when underlying == typeof(int) || underlying == typeof(long) => "1",
            _ => "1",
        };
    }

    // ---- requests ----------------------------------------------------------------------------------------------

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Target target, SichuanValues values, string? antiforgery)
    {
        using var request = new HttpRequestMessage(new HttpMethod(target.Method), target.Url);
        if (target.BodyType is not null)
        {
            var body = new Dictionary<string, object?>();
            foreach (var property in target.BodyType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead))
                body[JsonNamingPolicy.CamelCase.ConvertName(property.Name)] = JsonValue(property.Name, property.PropertyType, values);
            request.Content = JsonContent.Create(body);
        }
        else if (target.IsWrite && (target.Fields.Count > 0 || antiforgery is not null))
        {
            var fields = new List<KeyValuePair<string, string>>();
            foreach (var (name, type) in target.Fields)
            {
                var value = target.EnumChoice is { } choice && choice.StartsWith(name + "=", StringComparison.Ordinal)
                    ? choice[(name.Length + 1)..]
                    : Value(name, type, values, target.Handler);
                fields.Add(new(name, value));
            }
            if (antiforgery is not null) fields.Add(new("__RequestVerificationToken", antiforgery));
            request.Content = new FormUrlEncodedContent(fields);
        }
        return await client.SendAsync(request);
    }

    private static object? JsonValue(string name, Type type, SichuanValues values)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var text = Value(name, type, values, "Create");
        if (underlying == typeof(bool)) return true;
        if (underlying == typeof(int) || underlying == typeof(long)) return 1;
        if (underlying != typeof(string) && typeof(IEnumerable).IsAssignableFrom(underlying)) return new[] { text };
        return text;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();

    private static async Task<string?> AntiforgeryAsync(HttpClient browser)
    {
        var page = await browser.GetStringAsync("/admin");
        var match = AntiforgeryPattern().Match(page);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    // ---- the database ------------------------------------------------------------------------------------------

    private async Task<Dictionary<string, List<string>>> SnapshotAsync()
    {
        using var scope = host.Services.CreateScope();
        var connection = scope.ServiceProvider.GetRequiredService<CoreDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            var snapshot = new Dictionary<string, List<string>>();
            foreach (var table in WatchedTables)
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
        foreach (var table in WatchedTables)
        {
            var gone = before[table].Except(after[table]).ToList();
            var added = after[table].Except(before[table]).ToList();
            if (gone.Count + added.Count > 0)
                return $"{table} changed: -[{string.Join(" | ", gone.Take(2))}] +[{string.Join(" | ", added.Take(2))}]";
        }
        return null;
    }

    // ---- the walk ----------------------------------------------------------------------------------------------

    /// <summary>Sends every target, checks the answer, and checks that no write changed the database.</summary>
    private async Task WalkAsync(string who, Func<Target, Task<HttpClient>> clientFor, Func<Target, HttpResponseMessage, string?> verdict,
        string? antiforgery = null)
    {
        var values = await SichuanValuesAsync();
        var targets = await TargetsAsync(values);
        AssertCoverage(targets);

        var checkedLines = new List<string>();
        var failures = new List<string>();
        var snapshot = await SnapshotAsync();
        foreach (var target in targets)
        {
            var client = await clientFor(target);
            using var response = await SendAsync(client, target, values, target.IsApi ? null : antiforgery);
            var status = (int)response.StatusCode;
            var line = $"{target} → {status}{(response.Headers.Location is { } l ? " → " + l : "")}";
            checkedLines.Add(line);
            if (verdict(target, response) is { } problem) failures.Add($"{line}: {problem}");
            if (target.IsWrite && response.IsSuccessStatusCode) failures.Add($"{line}: a write answered {status} (2xx)");
            if (target.IsWrite)
            {
                var after = await SnapshotAsync();
                if (Difference(snapshot, after) is { } changed) failures.Add($"{line}: {changed}");
                snapshot = after;
            }
        }
        Assert.True(failures.Count == 0,
            $"{who}: {failures.Count} problem(s):\n  {string.Join("\n  ", failures)}\n\nChecked {checkedLines.Count} requests:\n  {string.Join("\n  ", checkedLines)}");
    }

    /// <summary>The walk must see the host's areas and both fixture modules, or it proves nothing.</summary>
    private static void AssertCoverage(List<Target> targets)
    {
        var patterns = targets.Select(t => t.Pattern).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string[] expected =
        [
            "/api/v1/regions/", "/api/v1/regions/{code}", "/api/v1/regions/{code}/features/{moduleId}",
            "/api/v1/alpha/notes", "/api/v1/beta/ping", "/admin", "/admin/regions", "/admin/features", "/admin/alpha", "/admin/beta/",
            "/api/v1/veterans/people", "/api/v1/veterans/people/{id:long}/contacts", "/admin/veterans", "/admin/veterans/{id:long}", "/admin/veterans/assign",
        ];
        var missing = expected.Where(e => !patterns.Contains(e)).ToList();
        Assert.True(missing.Count == 0, $"The walk did not find {string.Join(", ", missing)}; it found {string.Join(", ", patterns.Order())}");
        Assert.Contains(targets, t => t.IsWrite && t.IsApi);
        Assert.Contains(targets, t => t.IsWrite && !t.IsApi && t.Handler is not null);
    }

    private static bool IsSignInRedirect(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther
        && response.Headers.Location is { } location
        && (location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0]) is "/connect/authorize" or "/account/login";

    [Fact]
    public async Task Anonymous_callers_get_401_from_the_API_and_are_sent_to_sign_in_by_the_admin()
    {
        using var anonymous = host.CreateBrowser();
        await WalkAsync("anonymous", _ => Task.FromResult(anonymous), (target, response) =>
            target.IsApi
                ? response.StatusCode == HttpStatusCode.Unauthorized ? null : "expected 401"
                : IsSignInRedirect(response) ? null : "expected a redirect to sign in");
    }

    [Fact]
    public async Task A_provider_systems_token_without_the_endpoints_scope_is_refused()
    {
        _ = host.Server;
        IReadOnlyList<string> allowed;
        using (var scope = host.Services.CreateScope())
        {
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var application = await applications.FindByClientIdAsync(ProviderClient) ?? throw new InvalidOperationException("No demo provider client.");
            allowed = (await applications.GetPermissionsAsync(application))
                .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
                .Select(p => p[Permissions.Prefixes.Scope.Length..]).Order(StringComparer.Ordinal).ToList();
        }
        Assert.Contains("regions.read", allowed);

        var clients = new Dictionary<string, HttpClient>();
        async Task<HttpClient> ClientWithout(Target target)
        {
            // Everything the provider may ask for, less what this endpoint needs (an endpoint that names no scope: no scope at all).
            var scopes = string.Join(' ', target.Scopes.Count == 0 ? [] : allowed.Except(target.Scopes, StringComparer.Ordinal));
            if (clients.TryGetValue(scopes, out var existing)) return existing;
            var client = host.CreateBrowser();
            var response = await client.ClientCredentialsAsync(ProviderClient, ProviderSecret, scopes);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.IsSuccessStatusCode, $"Token with scopes '{scopes}': {json}");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.GetProperty("access_token").GetString());
            return clients[scopes] = client;
        }

        // The provider's token with all its scopes does work: the refusals below are about scope.
        var full = host.CreateClient();
        var token = await (await full.ClientCredentialsAsync(ProviderClient, ProviderSecret, string.Join(' ', allowed))).Content.ReadFromJsonAsync<JsonElement>();
        full.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await full.GetAsync($"/api/v1/regions/{Sichuan}")).StatusCode);

        try
        {
            await WalkAsync("provider system without the endpoint's scope", ClientWithout, (target, response) =>
            {
                if (!target.IsApi) return IsSignInRedirect(response) ? null : "the admin takes no bearer tokens: expected a redirect to sign in";
                if (target.Scopes.Count == 0 && response.IsSuccessStatusCode) return "the endpoint names no scope (RequireScope), so any token reaches it";
                return response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound ? null : "expected 403 or 404";
            });
        }
        finally
        {
            foreach (var client in clients.Values) client.Dispose();
            full.Dispose();
        }
    }

    [Fact]
    public async Task The_Zhejiang_bureau_administrator_changes_nothing_in_Sichuan()
    {
        // Signed in to the admin (cookie, with the second factor) and holding a bearer token with regions.read and regions.write.
        var zhejiang = await host.CreateAdminAsync("zhejiang");
        Assert.Equal(HttpStatusCode.OK, (await zhejiang.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await zhejiang.GetAsync("/api/v1/regions")).StatusCode);
        var antiforgery = await AntiforgeryAsync(zhejiang);
        Assert.NotNull(antiforgery);

        await WalkAsync("zhejiang bureau administrator on Sichuan", _ => Task.FromResult(zhejiang), (_, _) => null, antiforgery);
    }
}

public sealed class EndpointScopeWalkTests_Sqlite(SqliteHost host) : EndpointScopeWalkTests<SqliteHost>(host);

public sealed class EndpointScopeWalkTests_Postgres(PostgresHost host) : EndpointScopeWalkTests<PostgresHost>(host);
