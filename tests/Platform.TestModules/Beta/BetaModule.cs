using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Platform.Core.Modules;

namespace Platform.TestModules.Beta;

public sealed class BetaModule : PlatformModule
{
    public override ModuleManifest Manifest { get; } = new("Beta", "乙模块", "Beta", "0.3.0", "测试", "beta")
    {
        Dependencies = ["Alpha"],
    };

    public override IReadOnlyList<AdminMenuItem> AdminMenu { get; } = [new("乙模块", "Beta", "/admin/beta")];

    public override void MapRoutes(ModuleRouteBuilder routes)
    {
        routes.Public.MapGet("/", (string region) => Results.Text($"beta public {region}"));
        routes.Admin.MapGet("/", () => Results.Text("beta admin"));
        routes.Api.MapGet("/ping", (string region) => Results.Ok(new { region }));
    }
}
