using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Data;
using Platform.Core.Modules;
using Platform.Core.Search;
using Platform.Core.Workflows;
using Platform.Modules.Sanatoriums.Api;
using Platform.Modules.Sanatoriums.Bookings;
using Platform.Modules.Sanatoriums.Calendars;
using Platform.Modules.Sanatoriums.Site;
using Platform.Modules.Veterans.Contracts;
using Platform.Modules.Sanatoriums.Catalogue;
using Platform.Modules.Sanatoriums.Data;
using Platform.Modules.Sanatoriums.Demo;

namespace Platform.Modules.Sanatoriums;

/// <summary>Sanatorium scheduling (issue 8): sanatoriums, batches, bookings with hard capacity, waitlist offers.</summary>
public sealed class SanatoriumsModule : PlatformModule
{
    public const string Id = "Sanatoriums";

    public override ModuleManifest Manifest { get; } =
        new(Id, "疗养安排", "Sanatorium scheduling", "1.0.0", "服务", "sanatoriums") { Dependencies = ["Veterans", "Providers"] };

    public override IReadOnlyList<AdminMenuItem> AdminMenu { get; } = [new("疗养安排", "Sanatoriums", "/admin/sanatoriums", 50)];

    public override IReadOnlyList<PermissionDescriptor> Permissions { get; } =
    [
        new("sanatoriums.confirm", "确认预约、办理入住、登记未到和疗养结束", "Confirm, check in, record no-shows and completion",
            [PlatformRoles.ProviderAdmin, PlatformRoles.ProviderStaff, PlatformRoles.ProviderSystem]),
        new("sanatoriums.book", "为军休干部预约疗养、答复候补递补", "Book stays for veterans and answer waitlist offers",
            [PlatformRoles.BureauAdmin, PlatformRoles.LiaisonOfficer, PlatformRoles.Veteran]),
        new("sanatoriums.cancel", "取消疗养预约", "Cancel bookings",
            [PlatformRoles.BureauAdmin, PlatformRoles.LiaisonOfficer, PlatformRoles.Veteran, PlatformRoles.ProviderAdmin, PlatformRoles.ProviderStaff, PlatformRoles.ProviderSystem]),
        new("sanatoriums.remind", "知悉入住前三天的疗养提醒", "Acknowledge the reminder 3 days before a stay", [PlatformRoles.LiaisonOfficer]),
        new("sanatoriums.occupancy", "处理疗养批次人数不足的提醒", "Handle a batch's low-occupancy warning", [PlatformRoles.BureauAdmin]),
        // Held by no role: transitions the platform fires itself (the timed reminder, withdrawing it on cancellation).
        new("sanatoriums.system", "平台自动执行（提醒）", "Fired by the platform itself", []),
    ];

    public override IReadOnlyList<ApiScopeDescriptor> Scopes { get; } =
    [
        new("sanatoriums.read", "查看疗养院、批次和预约", "Read sanatoriums, batches and bookings",
            ScopeAudience.ProviderSystems | ScopeAudience.Staff | ScopeAudience.Veterans),
        // A sanatorium's system cancels through it too (its permission says who may book).
        new("sanatoriums.book", "为军休干部预约和取消疗养", "Book and cancel stays for veterans",
            ScopeAudience.ProviderSystems | ScopeAudience.Staff | ScopeAudience.Veterans),
        new("sanatoriums.manage", "疗养院确认本院的预约", "Confirm the sanatorium's own bookings", ScopeAudience.ProviderSystems),
    ];

    public override IReadOnlyList<SchemaMigration> Migrations => SanatoriumsMigrations.All;

    public override void ConfigureServices(IServiceCollection services, ModuleServicesContext context)
    {
        services.AddModuleDbContext<SanatoriumsDbContext>(context.Database);
        services.AddScoped<SanatoriumService>();
        services.AddScoped<Eligibility>();
        services.AddScoped<BedLedger>();
        services.AddScoped<BookingService>();
        services.AddSingleton<BookingWriteGate>();
        services.AddScoped<BookingFactsReader>();
        services.AddScoped<BookingActions>();
        services.AddScoped<Waitlist>();
        services.AddScoped<BookingQueries>();
        services.AddScoped<BookingMoves>();
        services.AddScoped<Occupancy>();
        services.AddScoped<CalendarFeeds>();
        services.AddScoped<FitnessCheck>();
        services.AddScoped<IWorkflowGuard>(sp => sp.GetRequiredService<FitnessCheck>());
        services.AddScoped<StayReminders>();
        services.AddScoped<IWorkflowGuard, StayStillBookedGuard>();
        services.AddScoped<LifeEventStays>();
        services.AddScoped<IVeteranLifeEventSubscriber>(sp => sp.GetRequiredService<LifeEventStays>());
        services.AddScoped<BatchChecks>();
        services.AddScoped<ISearchDocumentSource, SanatoriumSearchSource>();
        services.AddScoped<IModuleDemoData, SanatoriumsDemoData>();
        services.AddHostedService<SanatoriumsJob>();
        services.AddScoped<IWorkflowEventSubscriber, BookingEvents>();
        // The admin pages serve provider staff (no region) as well as bureaus: each checks the module in the record's region.
        services.Configure<RazorPagesOptions>(o => o.Conventions.AddFolderApplicationModelConvention("/Admin/Sanatoriums",
            m => m.EndpointMetadata.Add(new RegionAgnosticEndpoint())));
    }

    public override void MapRoutes(ModuleRouteBuilder routes)
    {
        SanatoriumApi.Map(routes.Api);
        PublicPages.Map(routes.Public);
    }
}
