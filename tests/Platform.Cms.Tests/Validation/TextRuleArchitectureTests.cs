using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Text;
using Platform.Testing;

namespace Platform.Cms.Tests.Validation;

/// <summary>
/// The author of every API write decides each text field's limit and kind: every string of every request type of every
/// write endpoint (the host's and every module's, nested types and lists included) declares <see cref="SingleLineAttribute"/>
/// or <see cref="MultiLineAttribute"/>, and every API group checks text arguments before its handlers run.
/// </summary>
public sealed class TextRuleArchitectureTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private List<RouteEndpoint> ApiWrites()
    {
        _ = host.Server;
        return host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? "").StartsWith("/api/", StringComparison.Ordinal))
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods
                .Any(m => m is "POST" or "PUT" or "PATCH" or "DELETE") == true)
            .ToList();
    }

    [Fact]
    public void Every_text_property_of_every_API_write_request_type_declares_its_limit()
    {
        var writes = ApiWrites();
        var types = writes.Select(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType).OfType<Type>()
            .Where(t => t != typeof(string)).Distinct().ToList();
        Assert.Contains(types, t => t.Name == "OfferingInput");
        Assert.Contains(types, t => t.Name == "RegionInput");
        Assert.Contains(types, t => t.Name == "NoteInput");

        var undeclared = new List<string>();
        foreach (var type in types) Collect(type, type.Name, undeclared, 0);
        Assert.True(undeclared.Count == 0,
            "Text properties of API request types without [SingleLine(n)] or [MultiLine(n)] (decide each one's limit and kind):\n  "
            + string.Join("\n  ", undeclared));
    }

    private static void Collect(Type type, string path, List<string> undeclared, int depth)
    {
        if (depth > 6) return;
        foreach (var property in TextValidator.TextProperties(type))
        {
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var element = propertyType == typeof(string) ? propertyType
                : propertyType.GetInterfaces().Append(propertyType)
                    .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                    ?.GetGenericArguments()[0] ?? propertyType;
            if (element == typeof(string))
            {
                if (TextValidator.Declared(property) is null) undeclared.Add($"{path}.{property.Name}");
            }
            else
            {
                Collect(element, $"{path}.{property.Name}", undeclared, depth + 1);
            }
        }
    }

    [Fact]
    public void Every_API_endpoint_checks_its_text_arguments_before_the_handler()
    {
        // Module APIs get the check from ModuleRouteBuilder.Api, the host's from its groups; an API endpoint mapped elsewhere
        // would take text unchecked.
        _ = host.Server;
        var api = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? "").StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(api);
        var open = api.Where(e => e.Metadata.GetMetadata<TextCheckedEndpoint>() is null).Select(e => e.RoutePattern.RawText).ToList();
        Assert.True(open.Count == 0,
            "API endpoints whose text arguments are not checked (map them on ModuleRouteBuilder.Api or call CheckText()): "
            + string.Join(", ", open));
    }
}
