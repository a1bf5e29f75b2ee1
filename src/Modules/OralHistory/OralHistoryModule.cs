using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Data;
using Platform.Core.Modules;
using Platform.Core.Workflows;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features;
using Platform.Modules.OralHistory.Features.Collections;
using Platform.Modules.OralHistory.Features.Column;
using Platform.Modules.OralHistory.Features.Consent;
using Platform.Modules.OralHistory.Features.Honours;
using Platform.Modules.OralHistory.Features.Site;
using Platform.Modules.OralHistory.Features.Stories;

namespace Platform.Modules.OralHistory;

/// <summary>口述历史: veterans' life stories as text, photos, audio and video, with a weekly column.</summary>
public sealed class OralHistoryModule : PlatformModule
{
    public override ModuleManifest Manifest { get; } = new(StoryType.ModuleId, "口述历史", "Oral history", "1.0.0", "宣传", "oral-history");

    public override IReadOnlyList<AdminMenuItem> AdminMenu { get; } =
    [
        new("口述历史", "Oral history", "/admin/oral-history", 40),
        new("每周专栏", "Weekly column", "/admin/oral-history/column", 41),
        new("文集与影像集", "Collections", "/admin/oral-history/collections", 42),
    ];

    public override IReadOnlyList<PermissionDescriptor> Permissions => OralHistoryPermissions.All;

    public override IReadOnlyList<ContentTypeDescriptor> ContentTypes { get; } = [StoryType.Descriptor];

    public override IReadOnlyList<SchemaMigration> Migrations => OralHistoryMigrations.All;

    public override void ConfigureServices(IServiceCollection services, ModuleServicesContext context)
    {
        services.AddModuleDbContext<OralHistoryDbContext>(context.Database, publicCacheModule: StoryType.ModuleId);
        services.AddScoped<StoryService>();
        services.AddScoped<ConsentService>();
        services.AddScoped<ColumnService>();
        services.AddScoped<CollectionService>();
        services.AddScoped<HonourService>();
        services.AddScoped<StoryMedia>();
        services.AddSingleton<IWorkflowGuard, ConsentGuard>();
        services.AddScoped<Platform.Core.Regions.IRegionUsage, OralHistoryRegionUsage>();
        services.AddScoped<Platform.Core.Modules.IModuleDemoData, Features.Demo.OralHistoryDemoData>();
    }

    public override void MapRoutes(ModuleRouteBuilder routes) => PublicPages.Map(routes.Public);
}
