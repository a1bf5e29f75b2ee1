using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Modules;
using Platform.Testing;

namespace Platform.Cms.Tests.Architecture;

/// <summary>
/// Data-driven rules over every installed module: a new module is checked without anyone writing a test.
/// </summary>
public sealed class ArchitectureTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private static readonly IReadOnlyList<PlatformModule> Modules = ModuleDiscovery
        .CreateModules(ModuleDiscovery.FindAssemblies(AppContext.BaseDirectory, ["Platform.TestModules"]))
        .ToList();

    public static TheoryData<string> ModuleIds() => [.. Modules.Select(m => m.Manifest.Id)];

    [Theory]
    [MemberData(nameof(ModuleIds))]
    public void A_module_references_other_modules_only_through_a_declared_dependencys_contracts(string moduleId)
    {
        var module = Modules.Single(m => m.Manifest.Id == moduleId);
        var assembly = module.GetType().Assembly;
        var offending = new List<string>();
        foreach (var reference in assembly.GetReferencedAssemblies().Select(r => r.Name ?? ""))
        {
            if (reference is "Platform.Cms" || reference.StartsWith("Platform.Testing", StringComparison.Ordinal))
            {
                offending.Add($"{reference} (the host and test code are off limits to modules)");
                continue;
            }
            var owner = Modules.FirstOrDefault(m => m.GetType().Assembly != assembly && m.GetType().Assembly.GetName().Name == reference);
            if (owner is not null)
            {
                offending.Add($"{reference} (module {owner.Manifest.Id}'s internals: use its Contracts)");
                continue;
            }
            if (reference.StartsWith(ModuleDiscovery.AssemblyPrefix, StringComparison.Ordinal) && reference.EndsWith(".Contracts", StringComparison.Ordinal))
            {
                var target = Modules.FirstOrDefault(m => m.GetType().Assembly.GetName().Name + ".Contracts" == reference);
                // A module's own Contracts assembly is its public face, not another module's internals.
                if (target is null || (target != module && !module.Manifest.Dependencies.Contains(target.Manifest.Id)))
                    offending.Add($"{reference} (not the Contracts of a declared dependency)");
            }
        }
        Assert.True(offending.Count == 0, $"{moduleId} references: {string.Join("; ", offending)}");
    }

    [Theory]
    [MemberData(nameof(ModuleIds))]
    public void A_module_has_a_valid_manifest_and_ordered_migrations(string moduleId)
    {
        var module = Modules.Single(m => m.Manifest.Id == moduleId);
        Assert.Matches("^[A-Z][A-Za-z0-9]+$", module.Manifest.Id);
        Assert.Matches("^[a-z][a-z0-9-]*$", module.Manifest.Slug);
        Assert.Matches(@"^\d+\.\d+\.\d+", module.Manifest.Version);
        Assert.False(string.IsNullOrWhiteSpace(module.Manifest.NameZh));
        Assert.False(string.IsNullOrWhiteSpace(module.Manifest.NameEn));
        Platform.Cms.Data.MigrationRunner.ValidateOrder(moduleId, module.Migrations);
    }

    [Fact]
    public void The_fixture_modules_are_among_those_checked()
    {
        Assert.Contains(Modules, m => m.Manifest.Id == "Alpha");
        Assert.Contains(Modules, m => m.Manifest.Id == "Beta" && m.Manifest.Dependencies.Contains("Alpha"));
    }

    [Fact]
    public void Every_endpoint_states_who_may_call_it()
    {
        _ = host.Server;
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);
        var open = endpoints
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => e.RoutePattern.RawText)
            .ToList();
        Assert.True(open.Count == 0, "Endpoints without RequireAuthorization or AllowAnonymous: " + string.Join(", ", open));
    }

    [Fact]
    public void Every_API_endpoint_names_the_OAuth_scope_a_token_needs()
    {
        _ = host.Server;
        var api = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? "").StartsWith("/api/", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(api);
        var missing = api.Where(e => e.Metadata.GetMetadata<Platform.Core.Access.RequiredScope>() is null).Select(e => e.RoutePattern.RawText).ToList();
        Assert.True(missing.Count == 0, "API endpoints without RequireScope(...): " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_module_endpoint_carries_its_module_so_the_feature_gate_covers_it()
    {
        _ = host.Server;
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        foreach (var module in Modules)
        {
            var prefixes = new[] { $"/r/{{region}}/{module.Manifest.Slug}", $"/admin/{module.Manifest.Slug}", $"/api/v1/{module.Manifest.Slug}" };
            var untagged = endpoints
                .Where(e => prefixes.Any(p => (e.RoutePattern.RawText ?? "").StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                .Where(e => e.Metadata.GetMetadata<ModuleEndpointMetadata>()?.ModuleId != module.Manifest.Id)
                .Select(e => e.RoutePattern.RawText)
                .ToList();
            Assert.True(untagged.Count == 0, $"{module.Manifest.Id}: endpoints not tagged with the module: {string.Join(", ", untagged)}");
        }
    }
}
