using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;
using Platform.Cms.Data;
using Platform.Core.Caching;
using Platform.Core.Modules;

namespace Platform.Cms.Caching;

/// <summary>
/// The output-cache policy behind <see cref="PublicCaching.CachePublicly{TBuilder}"/>: anonymous GET/HEAD only, keyed by
/// path, query, host, language, the region state's version (a module switched off, a theme or a name changed) and the
/// module's public-cache generation; kept only for a 200 that sets no cookie. It runs before sign-in and the module
/// gate, so a page served from it costs no database work; a state or generation change makes a new key at once.
/// </summary>
public sealed class PublicPagePolicy(bool enabled) : IOutputCachePolicy
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public async ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!enabled || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || !PublicRequests.IsAnonymous(request))
        {
            context.EnableOutputCaching = false;
            return;
        }
        var module = http.GetEndpoint()?.Metadata.GetMetadata<ModuleEndpointMetadata>();
        var state = await http.RequestServices.GetRequiredService<PlatformState>().GetAsync(cancellation);
        var generation = module is null ? 0 : await http.RequestServices.GetRequiredService<IPublicCache>().GenerationAsync(module.ModuleId, cancellation);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = Lifetime;
        var vary = context.CacheVaryByRules;
        vary.QueryKeys = "*";
        vary.VaryByHost = true;
        vary.VaryByValues["culture"] = CultureInfo.CurrentUICulture.Name;
        vary.VaryByValues["state"] = state.Version.ToString(CultureInfo.InvariantCulture);
        vary.VaryByValues["generation"] = (module?.ModuleId ?? "") + ":" + generation.ToString(CultureInfo.InvariantCulture);
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey(HeaderNames.SetCookie))
            context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}
