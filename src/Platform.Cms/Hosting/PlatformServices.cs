using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Platform.Cms.Admin;
using Platform.Cms.Auditing;
using Platform.Cms.Data;
using Platform.Cms.Features;
using Platform.Cms.Identity;
using Platform.Cms.Regions;
using Platform.Cms.Setup;
using Platform.Cms.Site;
using Platform.Cms.Theming;
using Platform.Core.Auditing;
using Platform.Core.Data;
using Platform.Core.Features;
using Platform.Core.Modules;
using Platform.Core.Regions;

namespace Platform.Cms.Hosting;

/// <summary>Everything the host registers: its own services, then each module's.</summary>
public static class PlatformServices
{
    public static ModuleCatalog AddPlatform(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var dataPath = config["Platform:DataPath"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, builder.Environment.ContentRootPath)
            : Path.Combine(builder.Environment.ContentRootPath, "App_Data");
        Directory.CreateDirectory(dataPath);
        var database = DatabaseSettings.From(config.GetConnectionString("Platform"), dataPath);

        var extra = (config["Platform:ExtraModuleAssemblies"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var assemblies = ModuleDiscovery.FindAssemblies(AppContext.BaseDirectory, extra);
        var catalog = ModuleCatalog.Create(ModuleDiscovery.CreateModules(assemblies));

        var services = builder.Services;
        services.AddSingleton(database);
        services.AddSingleton(catalog);
        services.AddSingleton(Core.Workflows.WorkflowCatalog.Load(catalog));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new ThemeOptions(config["Platform:ThemesPath"] is { Length: > 0 } themes
            ? Path.GetFullPath(themes, builder.Environment.ContentRootPath)
            : Path.Combine(AppContext.BaseDirectory, "themes")));
        services.AddDbContextPool<CoreDbContext>(database.Configure);
        services.AddSingleton<Core.Data.PreparedReads>();
        services.AddSingleton<PlatformState>();
        services.AddSingleton<Caching.PublicCache>();
        services.AddSingleton<Core.Caching.IPublicCache>(sp => sp.GetRequiredService<Caching.PublicCache>());
        services.AddOutputCache(o =>
        {
            o.MaximumBodySize = 2 * 1024 * 1024;
            o.SizeLimit = config.GetValue("Platform:PublicCache:OutputMegabytes", 128L) * 1024 * 1024;
            o.AddPolicy(Core.Caching.PublicCaching.PolicyName, new Caching.PublicPagePolicy(
                config.GetValue("Platform:PublicCache:Enabled", true) && config.GetValue("Platform:PublicCache:Pages", true)));
        });
        services.AddSingleton<SetupState>();
        services.AddSingleton<Identity.AdminBackchannel>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<ThemeFiles>();
        services.AddSingleton<ThemeRenderer>();
        services.AddSingleton<Core.Theming.IThemeRenderer>(sp => sp.GetRequiredService<ThemeRenderer>());
        services.AddSingleton<IRegionDirectory, RegionDirectory>();
        services.AddSingleton<IFeatureGate, FeatureGate>();
        services.AddSingleton<AdminMenu>();
        services.AddSingleton<PublicModuleIndex>();
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddScoped<RegionService>();
        services.AddScoped<FeatureService>();
        services.AddScoped<RecipeLoader>();
        services.AddScoped<Workflows.WorkflowEngine>();
        services.AddScoped<Core.Workflows.IWorkflowEngine>(sp => sp.GetRequiredService<Workflows.WorkflowEngine>());
        services.AddScoped<Workflows.WorkflowTimers>();
        services.AddSingleton(new Media.MediaOptions(config["Platform:Media:Path"] is { Length: > 0 } mediaPath
            ? Path.GetFullPath(mediaPath, builder.Environment.ContentRootPath)
            : Path.Combine(dataPath, "media")));
        services.AddScoped<Core.Media.IMediaStore, Media.FileSystemMediaStore>();
        services.AddSingleton<Core.Content.IHtmlSanitizer, Content.RichTextSanitizer>();
        services.AddScoped<Content.ContentValidator>();
        services.AddScoped<Core.Content.IContentStore, Content.ContentStore>();
        services.AddSingleton<Core.Content.IPublishedContent, Content.PublishedContent>();
        services.AddScoped<Core.Workflows.IWorkflowEventSubscriber, Content.ContentPublicationSubscriber>();
        services.AddScoped<Core.Search.ISearchDocumentSource, Content.ContentSearchSource>();
        services.AddSingleton(new Search.SearchOptions(config["Platform:Search:Path"] is { Length: > 0 } searchPath
            ? Path.GetFullPath(searchPath, builder.Environment.ContentRootPath)
            : Path.Combine(dataPath, "search-index")));
        services.AddSingleton<Search.SearchSignal>();
        services.AddSingleton<Search.LuceneSearchIndex>();
        services.AddSingleton<Core.Search.ISearchIndex>(sp => sp.GetRequiredService<Search.LuceneSearchIndex>());
        services.AddHostedService<Search.SearchIndexService>();
        services.AddScoped<Workflows.WorkflowResolver>();
        services.AddSingleton<Workflows.WorkflowVariantCache>();
        services.AddScoped<Workflows.WorkflowCustomisations>();
        services.AddScoped<Workflows.WorkflowRetention>();
        services.AddScoped<IRegionUsage, Workflows.WorkflowRegionUsage>();
        services.AddSingleton<Notifications.OutboxSignal>();
        services.AddScoped<Notifications.OutboxDispatcher>();
        services.AddScoped<Notifications.NotificationRecipients>();
        services.AddScoped<Notifications.NotificationTemplates>();
        services.AddScoped<Notifications.NotificationAdmin>();
        services.AddHostedService<Workflows.BackgroundJobs>();

        services.AddPlatformIdentity(config, database, catalog);
        Api.ApiDocumentation.AddPlatformOpenApi(services);
        AddWeb(services, catalog, assemblies);

        var moduleContext = new ModuleServicesContext(database, builder.Environment.ContentRootPath);
        foreach (var module in catalog.Modules)
            module.ConfigureServices(services, moduleContext);
        return catalog;
    }

    private static void AddWeb(IServiceCollection services, ModuleCatalog catalog, IEnumerable<System.Reflection.Assembly> moduleAssemblies)
    {
        services.AddProblemDetails();
        // Razor would otherwise write every Chinese character as &#x...; entities: heavier pages, unreadable source.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            // Chinese first: the language changes only when the person picks English (query or cookie),
            // never from the browser's Accept-Language.
            var cultures = new[] { new CultureInfo("zh-CN"), new CultureInfo("en") };
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        var mvc = services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Admin", PlatformPolicies.Admin);
            o.Conventions.AllowAnonymousToFolder("/Account");
            o.Conventions.Add(new ModulePageConvention(catalog));
            o.Conventions.ConfigureFilter(new FormReadFilter());
            o.Conventions.ConfigureFilter(new TextPageFilter());
        });
        mvc.ConfigureApplicationPartManager(parts =>
        {
            foreach (var assembly in moduleAssemblies)
            {
                if (parts.ApplicationParts.Any(p => p.Name == assembly.GetName().Name)) continue;
                foreach (var part in Microsoft.AspNetCore.Mvc.ApplicationParts.ApplicationPartFactory
                             .GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                    parts.ApplicationParts.Add(part);
            }
        });
    }
}
