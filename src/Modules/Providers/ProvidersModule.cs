using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Data;
using Platform.Core.Modules;
using Platform.Core.Workflows;
using Platform.Modules.Providers.Api;
using Platform.Modules.Providers.Contracts;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Demo;
using Platform.Modules.Providers.Documents;
using Platform.Modules.Providers.Offerings;
using Platform.Modules.Providers.Onboarding;
using Platform.Modules.Providers.Organisations;
using Platform.Modules.Providers.Site;
using Platform.Modules.Providers.Ratings;

namespace Platform.Modules.Providers;

/// <summary>Partner providers: vetting, onboarding, offerings and prices, ratings and complaints (issue 7).</summary>
public sealed class ProvidersModule : PlatformModule
{
    public const string Id = "Providers";
    public const string ApplyLimiter = "providers-apply";

    public override ModuleManifest Manifest { get; } = new(Id, "合作服务商", "Partner providers", "1.0.0", "服务", "providers");

    public override IReadOnlyList<AdminMenuItem> AdminMenu { get; } =
    [
        new("服务商", "Providers", "/admin/providers", 40, ForOrganisations: true),
        new("参考价与价格提示", "Reference prices", "/admin/providers/prices", 41),
        new("服务评价与投诉", "Ratings and complaints", "/admin/providers/quality", 42),
        new("扩展服务地区审批", "Coverage requests", "/admin/providers/coverage", 43),
    ];

    public override IReadOnlyList<PermissionDescriptor> Permissions { get; } =
    [
        new("providers.review", "审核服务商入驻、暂停与恢复", "Review, suspend and reinstate providers", [PlatformRoles.BureauAdmin]),
        new("providers.resubmit", "补正后重新提交入驻申请", "Resubmit a returned application", [PlatformRoles.ProviderAdmin]),
        new("providers.documents", "提交换发的资质证件", "Submit renewed documents", [PlatformRoles.ProviderAdmin, PlatformRoles.ProviderStaff]),
        new("providers.complaints", "调查和办结服务投诉", "Investigate and resolve complaints", [PlatformRoles.BureauAdmin]),
    ];

    public override IReadOnlyList<ApiScopeDescriptor> Scopes { get; } =
    [
        new("providers.read", "读取本机构资料和服务项目", "Read the organisation and its offerings",
            ScopeAudience.ProviderSystems | ScopeAudience.Staff),
        new("providers.write", "修改本机构资料和服务项目", "Change the organisation and its offerings",
            ScopeAudience.ProviderSystems | ScopeAudience.Staff),
    ];

    public override IReadOnlyList<SchemaMigration> Migrations => ProvidersMigrations.All;

    public override void ConfigureServices(IServiceCollection services, ModuleServicesContext context)
    {
        services.AddModuleDbContext<ProvidersDbContext>(context.Database);
        services.AddScoped<ProviderService>();
        services.AddScoped<DocumentService>();
        services.AddScoped<OnboardingService>();
        services.AddScoped<DocumentExpiryCheck>();
        services.AddScoped<OfferingService>();
        services.AddScoped<Coverage.CoverageService>();
        services.AddScoped<ReferencePriceService>();
        services.AddScoped<RatingService>();
        services.AddScoped<ComplaintService>();
        services.AddScoped<IProviderDirectory, ProviderDirectory>();
        services.AddScoped<IOrganisationDirectory, ProviderOrganisations>();
        services.AddScoped<Platform.Core.Search.ISearchDocumentSource, Search.OfferingSearchSource>();
        services.AddScoped<IWorkflowEventSubscriber, OnboardingEvents>();
        services.AddScoped<IWorkflowGuard, DocumentsCompleteGuard>();
        services.AddScoped<IWorkflowGuard, RenewalUploadedGuard>();
        services.AddScoped<IWorkflowGuard, ComplaintOutcomeGuard>();
        services.AddScoped<IModuleDemoData, ProvidersDemoData>();
        services.AddHostedService<DocumentExpiryJob>();
        // Pages a provider's staff use carry no region (their grant names an organisation): the page checks the
        // organisation's region with IFeatureGate itself.
        services.Configure<RazorPagesOptions>(o => o.Conventions.Add(new OrganisationPageConvention()));
        services.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((o, config) =>
        {
            var perHour = config.GetValue("Platform:RateLimits:ProviderApplyPerHour", 10);
            o.AddPolicy(ApplyLimiter, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perHour, Window = TimeSpan.FromHours(1) }));
        });
    }

    public override void MapRoutes(ModuleRouteBuilder routes)
    {
        PublicPages.Map(routes.Public);
        ProviderApi.Map(routes.Api);
    }
}
