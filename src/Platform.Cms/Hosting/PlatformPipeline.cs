using Platform.Cms.Admin;
using Platform.Cms.Api;
using Platform.Cms.Data;
using Platform.Cms.Features;
using Platform.Cms.Identity;
using Platform.Cms.Setup;
using Platform.Cms.Site;
using Platform.Core.Modules;

namespace Platform.Cms.Hosting;

public static class PlatformPipeline
{
    public static void UsePlatform(this WebApplication app, ModuleCatalog catalog)
    {
        app.UseStatusCodePages();
        app.Use(SecurityHeaders);
        app.UseRequestLocalization();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(
                app.Services.GetRequiredService<Theming.ThemeOptions>().ThemesPath),
            RequestPath = "/themes",
            ServeUnknownFileTypes = false,
        });
        app.UseStaticFiles();
        app.UseMiddleware<SetupRedirectMiddleware>();
        app.UseRouting();
        app.UseOutputCache(); // public pages for anonymous visitors (PublicCaching.CachePublicly), before sign-in and the gate
        app.UseRateLimiter();
        // An anonymous request for a public page has nobody to sign in: the handlers are not even resolved for it.
        // (WebApplication puts UseAuthentication at the front of the pipeline when the app has not called it; here it
        // is called in a branch, which the application does not see, so the app is told it has it.)
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;
        app.UseWhen(context => !Caching.PublicRequests.SkipsSignIn(context), branch => branch.UseAuthentication());
        app.UseMiddleware<FeatureGateMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapSite();
        app.MapConnectEndpoints();
        app.MapRegionApi();
        app.MapPlatformOpenApi();
        app.MapAdminEndpoints();
        app.MapRazorPages();
        foreach (var module in catalog.Modules)
            module.MapRoutes(new ModuleRouteBuilder(app, module.Manifest));
    }

    /// <summary>The key ASP.NET Core's <c>UseAuthentication</c> sets (and WebApplication checks) in the app's properties.</summary>
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        if (context.Request.Path.StartsWithSegments("/admin") || context.Request.Path.StartsWithSegments("/api"))
            headers.CacheControl = "no-store";
        return next();
    }

    public static async Task RotateServerKeysAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ServerKeyStore>().RotateAsync();
        await scope.ServiceProvider.GetRequiredService<Core.Auditing.IAuditLog>()
            .WriteAsync(new Core.Auditing.AuditEntry("server.keys-rotate", Environment.UserName, null, null, null, null));
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app, bool loadDemo)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        // Build the people/OAuth data model while the tables are created (it is the largest model), and on the
        // first start make the token certificates meanwhile too.
        using var warm = app.Services.CreateScope();
        var identityModel = Task.Run(() => warm.ServiceProvider.GetRequiredService<IdentityStoreContext>().Model);
        Task<ServerKeyStore.CertificatePair>? keys = null;
        await app.Services.GetRequiredService<MigrationRunner>().RunAsync(() => keys = ServerKeyStore.GenerateAsync(DateTimeOffset.UtcNow));
        var migrated = watch.ElapsedMilliseconds;
        await identityModel;
        using var scope = app.Services.CreateScope();
        app.Services.GetRequiredService<ServerKeyHolder>().Keys =
            await scope.ServiceProvider.GetRequiredService<ServerKeyStore>().LoadOrCreateAsync(keys);
        var keyed = watch.ElapsedMilliseconds;
        await scope.ServiceProvider.GetRequiredService<ClientRegistry>().EnsureAdminClientAsync(PublicUrls.All(app.Configuration));
        app.Logger.LogInformation("Start-up: migrations {Migrations} ms, token keys {Keys} ms, admin client {Client} ms",
            migrated, keyed - migrated, watch.ElapsedMilliseconds - keyed);
        if (!loadDemo) return;
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        if (db.Regions.Any() || await scope.ServiceProvider.GetRequiredService<PeopleService>().AnyAsync())
        {
            app.Logger.LogInformation("Database already has data; the demo recipe is not loaded again.");
            return;
        }
        var recipe = RecipeLoader.Read(Path.Combine(AppContext.BaseDirectory, "recipes", "demo.json"));
        await scope.ServiceProvider.GetRequiredService<RecipeLoader>().LoadAsync(recipe);
        await LoadModuleDemoDataAsync(app, scope.ServiceProvider);
        app.Logger.LogInformation("Demo data loaded.");
    }

    /// <summary>
    /// Each module's own demo data (<see cref="IModuleDemoData"/>), in dependency order, after the recipe.
    /// <c>Platform:ModuleDemoData=false</c> leaves it out (the test host does, so host tests see only the recipe).
    /// </summary>
    private static async Task LoadModuleDemoDataAsync(WebApplication app, IServiceProvider services)
    {
        if (!app.Configuration.GetValue("Platform:ModuleDemoData", true)) return;
        var order = services.GetRequiredService<ModuleCatalog>().Modules.Select(m => m.Manifest.Id).ToList();
        foreach (var loader in services.GetServices<IModuleDemoData>().OrderBy(l => order.IndexOf(l.ModuleId)))
        {
            await loader.LoadAsync();
            app.Logger.LogInformation("Demo data of module {Module} loaded.", loader.ModuleId);
        }
    }
}

/// <summary>Until the first administrator exists, every page leads to <c>/setup</c>.</summary>
public sealed class SetupRedirectMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, SetupState setup)
    {
        if (setup.IsSetUp)
        {
            await next(context);
            return;
        }
        var path = context.Request.Path;
        var people = context.RequestServices.GetRequiredService<PeopleService>(); // only until set up: it costs a UserManager
        if (path.StartsWithSegments("/setup") || path.StartsWithSegments("/health") || path.StartsWithSegments("/themes")
            || path.StartsWithSegments("/css") || path.StartsWithSegments("/.well-known")
            || (setup.IsSetUp = await people.AnyAsync(context.RequestAborted)))
        {
            await next(context);
            return;
        }
        if (path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsJsonAsync(new { title = "平台尚未完成初始设置，请先访问 /setup。" });
            return;
        }
        context.Response.Redirect("/setup");
    }
}
