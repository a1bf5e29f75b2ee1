using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Data;
using Platform.Core.Modules;
using Platform.Core.Regions;
using Platform.Modules.Veterans.Contracts;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features;
using Platform.Modules.Veterans.Features.Contacts;
using Platform.Modules.Veterans.Features.Excel;
using Platform.Modules.Veterans.Features.Officers;
using Platform.Modules.Veterans.Features.Registry;
using Platform.Modules.Veterans.Sensitive;

namespace Platform.Modules.Veterans;

/// <summary>军休干部名册: veterans, rest homes, liaison officers and their contact log.</summary>
public sealed class VeteransModule : PlatformModule
{
    public override ModuleManifest Manifest { get; } = new(VeteranAccess.ModuleId, "军休干部名册", "Veterans registry", "1.0.0", "服务", "veterans");

    public override IReadOnlyList<AdminMenuItem> AdminMenu { get; } =
    [
        new("联络员工作台", "Officer home", "/admin/veterans/due", 10),
        new("军休干部名册", "Veterans", "/admin/veterans", 11),
        new("联络员分配", "Assign officers", "/admin/veterans/assign", 12),
        new("军休所", "Rest homes", "/admin/veterans/institutions", 13),
        new("名册导入导出", "Import / export", "/admin/veterans/import", 14),
    ];

    public override IReadOnlyList<PermissionDescriptor> Permissions => VeteranPermissions.All;

    public override IReadOnlyList<ApiScopeDescriptor> Scopes => VeteranPermissions.Scopes;

    public override IReadOnlyList<SchemaMigration> Migrations => VeteransMigrations.All;

    public override void ConfigureServices(IServiceCollection services, ModuleServicesContext context)
    {
        services.AddModuleDbContext<VeteransDbContext>(context.Database);
        services.AddSingleton<HealthNoteCipher>();
        services.AddScoped<SensitiveAccessLog>();
        services.AddScoped<VeteranAccess>();
        services.AddScoped<VeteranRegistry>();
        services.AddScoped<ContactLog>();
        services.AddScoped<Officers>();
        services.AddScoped<Institutions>();
        services.AddScoped<RegistryImport>();
        services.AddScoped<RegistryExport>();
        services.AddSingleton<ImportRunner>();
        services.AddScoped<IVeteranDirectory, VeteranDirectory>();
        services.AddScoped<LifeEvents>();
        services.AddScoped<IVeteranLifeEvents>(sp => sp.GetRequiredService<LifeEvents>());
        services.AddScoped<IRegionUsage, VeteransRegionUsage>();
        services.AddScoped<Platform.Core.Modules.IModuleDemoData, Features.Demo.VeteransDemoData>();
    }

    public override void MapRoutes(ModuleRouteBuilder routes)
    {
        VeteransApi.Map(routes.Api);
        ExcelEndpoints.Map(routes.Admin);
    }
}
