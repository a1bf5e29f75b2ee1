using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Cms.Identity;
using Platform.Core.Text;
using Platform.Testing;

namespace Platform.Cms.Tests.Validation;

/// <summary>
/// Every text field of every API write request type and of every admin page write handler (the host's, every module's,
/// the fixture modules'), found from the route table and the request types, sent by the platform administrator once over
/// its limit (limit + 1, and 5 MB), once with NUL and once with U+202E: each is refused by the field's rule (400 with the
/// Chinese message naming the limit or the character) and the database is unchanged. A new module's fields are covered
/// without a new test.
/// </summary>
public abstract partial class TextFieldWalkTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private const string Region = "511000";
    private const int FiveMegabytes = 5 * 1024 * 1024;

    /// <summary>Tables a refused request might touch wrongly; those only background work changes are left out.</summary>
    private static readonly HashSet<string> Unwatched = new(StringComparer.Ordinal)
    {
        "core_job_runs", "core_oauth_tokens", "core_oauth_authorizations", "core_dataprotection_keys", "core_server_keys",
        "core_workflow_timers", "core_outbox", "core_mail_queue", "core_inbox", "core_search_changes", "core_public_generations",
        "core_state_versions", "core_users",
    };

    /// <summary>One text field of one write: where it goes, its rule, and what the rest of the request holds.</summary>
    private sealed record Field(string Method, string Url, bool IsApi, string Name, TextRule Rule, string Label,
        Type? BodyType, IReadOnlyList<(string Name, Type Type)> FormFields, string Where)
    {
        public override string ToString() => $"{Method} {Url} {Name} ({Rule.Kind} {Rule.MaxLength}; {Where})";
    }

    // ---- enumeration ---------------------------------------------------------------------------------------------

    private async Task<List<Field>> FieldsAsync()
    {
        _ = host.Server;
        var loader = host.Services.GetRequiredService<PageLoader>();
        var fields = new List<Field>();
        foreach (var endpoint in host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (pattern.StartsWith("/api/v1/", StringComparison.OrdinalIgnoreCase))
            {
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
                var body = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
                if (body is null || body == typeof(string)) continue;
                foreach (var method in methods.Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE"))
                    foreach (var (name, rule, label) in BodyFields(body, ""))
                        fields.Add(new Field(method, Url(endpoint.RoutePattern, null), true, name, rule, label, body, [], pattern));
            }
            else if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page
                     && (pattern.Equals("/admin", StringComparison.OrdinalIgnoreCase)
                         || pattern.StartsWith("/admin/", StringComparison.OrdinalIgnoreCase)))
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                foreach (var handler in compiled.HandlerMethods.Where(h => h.HttpMethod.Equals("POST", StringComparison.OrdinalIgnoreCase)))
                {
                    var form = new List<(string Name, Type Type, TextRule? Rule, string Label)>();
                    foreach (var parameter in handler.Parameters.Where(p => p.BindingInfo?.BindingSource != BindingSource.Services))
                    {
                        var info = ((HandlerParameterDescriptor)parameter).ParameterInfo;
                        var declared = info.GetCustomAttribute<TextRuleAttribute>();
                        form.AddRange(FormFields(parameter.BindingInfo?.BinderModelName ?? parameter.Name, parameter.ParameterType,
                            declared?.Rule, declared?.Label ?? parameter.Name));
                    }
                    foreach (var property in compiled.BoundProperties.OfType<PageBoundPropertyDescriptor>())
                        form.AddRange(FormFields(property.BindingInfo?.BinderModelName ?? property.Name, property.ParameterType,
                            TextValidator.Declared(property.Property)?.Rule, TextValidator.LabelOf(property.Property)));
                    var routeNames = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
                    form.RemoveAll(f => routeNames.Contains(f.Name));
                    var all = form.Select(f => (f.Name, f.Type)).ToList();
                    foreach (var f in form.Where(f => f.Type == typeof(string) || ElementType(f.Type) == typeof(string)))
                        fields.Add(new Field("POST", Url(endpoint.RoutePattern, handler.Name), false, f.Name, f.Rule ?? TextRule.Default,
                            f.Label, null, all, $"{pattern} handler {handler.Name ?? "(default)"}"));
                }
            }
        }
        return fields;
    }

    /// <summary>The JSON paths of every string in a request type (nested objects and lists included), with their rules.</summary>
    private static IEnumerable<(string Path, TextRule Rule, string Label)> BodyFields(Type type, string prefix)
    {
        foreach (var property in TextValidator.TextProperties(type))
        {
            var path = prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var element = ElementType(property.PropertyType)
                          ?? Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (element == typeof(string))
                yield return (path, TextValidator.Declared(property)?.Rule ?? TextRule.Default, TextValidator.LabelOf(property));
            else
                foreach (var nested in BodyFields(element, path + (ElementType(property.PropertyType) is null ? "." : "[0].")))
                    yield return nested;
        }
    }

    /// <summary>The form fields a bound value is posted as: itself, or "Name.Sub" for each text property of a form object.</summary>
    private static IEnumerable<(string Name, Type Type, TextRule? Rule, string Label)> FormFields(
        string name, Type type, TextRule? rule, string label)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string) || underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(decimal)
            || underlying == typeof(DateOnly)
            || ElementType(underlying) is { } element && (element == typeof(string) || element.IsValueType))
        {
            yield return (name, type, rule, label);
            yield break;
        }
        if (!TextValidator.Carries(underlying)) yield break;
        foreach (var property in underlying.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            foreach (var nested in FormFields($"{name}.{property.Name}", property.PropertyType, TextValidator.Declared(property)?.Rule,
                         TextValidator.LabelOf(property)))
                yield return nested;
    }

    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            ?.GetGenericArguments()[0];

    private static string Url(RoutePattern pattern, string? handler)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart p when p.ParameterPolicies.Any(x => x.Content is "long" or "int") => "1",
                    RoutePatternParameterPart p => Uri.EscapeDataString(Value(p.Name, typeof(string))),
                    _ => throw new InvalidOperationException($"Route part {part} of {pattern.RawText}"),
                });
        }
        if (pattern.RawText?.EndsWith('/') == true) path.Append('/');
        var query = $"region={Region}" + (handler is null ? "" : $"&handler={handler}");
        return (path.Length == 0 ? "/" : path.ToString()) + "?" + query;
    }

    /// <summary>A plausible value for a field, so that only the attacked field is wrong.</summary>
    private static string Value(string name, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var leaf = name.Split('.')[^1].ToLowerInvariant();
        return leaf switch
        {
            "region" or "regioncode" or "parentcode" => Region,
            "code" => "511099",
            "regions" => Region,
            "moduleid" or "module" => "Alpha",
            "state" => "on",
            "name" or "displayname" or "legalname" or "contactname" or "title" => "文本测试",
            "slug" => "text-walk",
            "theme" => "Honor",
            "organisationid" => "demo-provider-a",
            "type" or "category" => "canteen",
            "sex" => "男",
            "birthdate" => "1940-05-01",
            "rankband" => "师级",
            "kind" => "Monthly",
            "roomtype" => "double",
            "contactphone" or "phone" => "13800000000",
            "price" => "15",
            "unit" => "次",
            _ when underlying == typeof(bool) => "true",
            _ when underlying.IsEnum => Enum.GetNames(underlying)[0],
            _ when underlying == typeof(DateOnly) => "2026-05-01",
            _ => "1",
        };
    }

    // ---- requests ------------------------------------------------------------------------------------------------

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Field field, string attack, string? antiforgery)
    {
        using var request = new HttpRequestMessage(new HttpMethod(field.Method), field.Url);
        if (field.IsApi)
        {
            var body = Body(field.BodyType!);
            Set(body, field.Name, attack);
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            request.Headers.Add("Idempotency-Key", "text-walk-" + Guid.NewGuid().ToString("N"));
        }
        else
        {
            var form = field.FormFields
                .Select(f => new KeyValuePair<string, string>(f.Name, f.Name == field.Name ? attack : Value(f.Name, f.Type))).ToList();
            form.Add(new("__RequestVerificationToken", antiforgery!));
            request.Content = new FormUrlEncodedContent(form);
        }
        return await client.SendAsync(request);
    }

    private static JsonObject Body(Type type)
    {
        var body = new JsonObject();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var underlying = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            body[name] = underlying switch
            {
                _ when underlying == typeof(string) => Value(property.Name, underlying),
                _ when underlying == typeof(bool) => false,
                _ when underlying == typeof(int) || underlying == typeof(long) => 1,
                _ when underlying == typeof(decimal) => 15,
                _ when underlying == typeof(DateOnly) => "2026-05-01",
                _ when underlying == typeof(DateTime) => "2026-05-01T00:00:00Z",
                _ when underlying.IsEnum => 0,
                _ when ElementType(underlying) == typeof(string) => new JsonArray(Value(property.Name, typeof(string))),
                _ when ElementType(underlying) is { } element => new JsonArray(Body(element)),
                _ when TextValidator.Carries(underlying) => Body(underlying),
                _ => null,
            };
        }
        return body;
    }

    private static void Set(JsonObject body, string path, string value)
    {
        JsonNode node = body;
        var parts = path.Split('.');
        foreach (var part in parts[..^1])
            node = part.EndsWith("[0]", StringComparison.Ordinal) ? node[part[..^3]]![0]! : node[part]!;
        var last = parts[^1];
        if (last.EndsWith("[0]", StringComparison.Ordinal)) last = last[..^3];
        if (node[last] is JsonArray) node[last] = new JsonArray(value);
        else node[last] = value;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();

    /// <summary>What the refusal must say: the limit for a long value, the character for a forbidden one.</summary>
    private static string? Verdict(Field field, HttpResponseMessage response, string text, string attack)
    {
        if (response.StatusCode != HttpStatusCode.BadRequest) return $"expected 400, got {(int)response.StatusCode}";
        if (field.IsApi && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) != true)
            return "not a problem response";
        var body = field.IsApi ? JsonDocument.Parse(text).RootElement.GetProperty("message_zh").GetString()! : WebUtility.HtmlDecode(text);
        // A posted form whose value holds a NUL or passes the form reader's 4 MB cannot be read at all: the whole form is
        // refused in Chinese before any field is looked at (FormReadFilter).
        if (!field.IsApi && (attack.Length > 4 * 1024 * 1024 || attack.Contains('\0', StringComparison.Ordinal)))
            return body.Contains("表单无法读取", StringComparison.Ordinal) ? null : $"not the form's Chinese refusal: {Clip(body)}";
        var expected = attack.Length > field.Rule.MaxLength
            ? $"最多 {field.Rule.MaxLength.ToString("N0", CultureInfo.InvariantCulture)} 个字"
            : attack.Contains('\0', StringComparison.Ordinal) ? "U+0000" : "U+202E";
        if (!body.Contains(expected, StringComparison.Ordinal) || !body.Contains($"“{field.Label}”", StringComparison.Ordinal))
            return $"the refusal is not the field's rule (expected “{field.Label}” and '{expected}'): {Clip(body)}";
        return null;
    }

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "…";

    // ---- the database --------------------------------------------------------------------------------------------

    private async Task<Dictionary<string, List<string>>> SnapshotAsync()
    {
        using var scope = host.Services.CreateScope();
        var connection = scope.ServiceProvider.GetRequiredService<CoreDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            var tables = await DatabaseTables.ListAsync(connection, host.Kind);
            var snapshot = new Dictionary<string, List<string>>();
            foreach (var table in tables.Where(t => !Unwatched.Contains(t) && !t.StartsWith("__", StringComparison.Ordinal)))
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
        foreach (var (table, rows) in after)
        {
            var was = before.GetValueOrDefault(table) ?? [];
            var added = rows.Except(was).ToList();
            var gone = was.Except(rows).ToList();
            if (added.Count + gone.Count > 0)
                return $"{table} changed: -[{Clip(string.Join(" | ", gone.Take(2)))}] +[{Clip(string.Join(" | ", added.Take(2)))}]";
        }
        return null;
    }

    // ---- the walk ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Every_text_field_of_every_write_refuses_over_long_values_NUL_and_direction_overrides_and_stores_nothing()
    {
        var fields = await FieldsAsync();
        AssertCoverage(fields);

        var admin = await host.CreateAdminAsync("admin");
        var page = await admin.GetStringAsync("/admin");
        var antiforgery = WebUtility.HtmlDecode(AntiforgeryPattern().Match(page).Groups[1].Value);
        using var api = host.CreateClient();
        var scopes = string.Join(' ', host.Services.GetRequiredService<ApiScopes>().All.Select(s => s.Name));
        var token = await host.CreateBrowser().GetUserTokenAsync("admin", scope: "openid " + scopes);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);

        var failures = new List<string>();
        var snapshot = await SnapshotAsync();
        foreach (var group in fields.GroupBy(f => (f.Method, f.Url)))
        {
            foreach (var field in group)
            {
                string[] attacks =
                [
                    new string('长', field.Rule.MaxLength + 1), new string('a', FiveMegabytes), "名\0称", "名\u202Egnp.exe",
                ];
                foreach (var attack in attacks)
                {
                    using var response = await SendAsync(field.IsApi ? api : admin, field, attack, antiforgery);
                    var text = await response.Content.ReadAsStringAsync();
                    if (Verdict(field, response, text, attack) is { } problem)
                        failures.Add($"{field} with {Describe(attack)}: {problem}");
                }
            }
            var after = await SnapshotAsync();
            if (Difference(snapshot, after) is { } changed) failures.Add($"{group.Key.Method} {group.Key.Url}: {changed}");
            snapshot = after;
        }
        Assert.True(failures.Count == 0, $"{failures.Count} problem(s):\n  {string.Join("\n  ", failures)}\n\n"
            + $"Checked {fields.Count} fields:\n  {string.Join("\n  ", fields)}");
    }

    private static string Describe(string attack) =>
        attack.Length > 100 ? $"{attack.Length:N0} characters" : attack.Contains('\0', StringComparison.Ordinal) ? "NUL" : "U+202E";

    /// <summary>The walk must reach the host's forms and API, every installed module's, and the fields the issue names.</summary>
    private static void AssertCoverage(List<Field> fields)
    {
        string[] expected =
        [
            "POST /api/v1/regions/ name", "PUT /api/v1/regions/{code} name", "POST /api/v1/alpha/notes text",
            "PUT /api/v1/providers/organisations/{organisationId} address",
            "PUT /api/v1/providers/organisations/{organisationId} legalName",
            "POST /api/v1/providers/organisations/{organisationId}/offerings openingHours",
            "POST /api/v1/providers/organisations/{organisationId}/offerings description",
            "POST /api/v1/veterans/people name", "POST /api/v1/veterans/people address", "POST /api/v1/sanatoriums/bookings companionName",
            "/admin/regions handler Create name", "/admin/regions handler Rename name",
            "/admin/providers/{id:long} handler Offering Offering.OpeningHours", "/admin/veterans/new handler (default) Form.Name",
            "/admin/people handler Invite displayName", "/admin/clients handler Create DisplayName",
        ];
        var seen = fields.Select(f => f.IsApi ? $"{f.Method} {f.Where} {f.Name}" : $"{f.Where} {f.Name}")
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = expected.Where(e => !seen.Contains(e)).ToList();
        Assert.True(missing.Count == 0,
            $"The walk did not find {string.Join(", ", missing)}; it found:\n  {string.Join("\n  ", seen.Order())}");
    }
}

public sealed class TextFieldWalkTests_Sqlite(SqliteHost host) : TextFieldWalkTests<SqliteHost>(host);

public sealed class TextFieldWalkTests_Postgres(PostgresHost host) : TextFieldWalkTests<PostgresHost>(host);
