using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Core.Caching;

/// <summary>
/// What the public reads, kept per node: values a public page computes (<see cref="GetOrCreateAsync{T}"/>) and, for
/// endpoints marked with <see cref="PublicCaching.CachePublicly{TBuilder}"/>, the whole page for anonymous visitors.
/// Both belong to a module's <em>generation</em>: after a module commits a change to anything its public pages show it
/// calls <see cref="ChangedAsync"/>, which drops the module's cached values and pages on this node at once and on every
/// other node within a second. Content items (<c>IContentStore</c>) call it for their module on every change.
/// </summary>
public interface IPublicCache
{
    /// <summary>The module's current generation (re-read from the database at most once a second).</summary>
    ValueTask<long> GenerationAsync(string moduleId, CancellationToken cancellationToken = default);

    /// <summary>Call after the commit of a change that a public page of <paramref name="moduleId"/> shows.</summary>
    Task ChangedAsync(string moduleId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The value for <paramref name="key"/> in the module's current generation: computed once per node and generation
    /// (a null result is not kept). The value must not depend on who asks.
    /// </summary>
    Task<T?> GetOrCreateAsync<T>(string moduleId, string key, Func<CancellationToken, Task<T?>> create, CancellationToken cancellationToken = default)
        where T : class;
}

/// <summary>Marks a public endpoint for the output cache of anonymous visitors.</summary>
public static class PublicCaching
{
    /// <summary>The output-cache policy the host registers for public pages.</summary>
    public const string PolicyName = "platform-public";

    /// <summary>
    /// Serves the page from the output cache to anonymous visitors (no sign-in cookie, no Authorization header), per path,
    /// query, host, language, region state and the module's generation; only 200 answers that set no cookie are kept.
    /// Use it only on pages that look the same to every anonymous visitor and whose data changes call
    /// <see cref="IPublicCache.ChangedAsync"/>.
    /// </summary>
    /// <remarks>
    /// The host also skips sign-in for such a page when the request carries no sign-in cookie and no Authorization
    /// header (there is nobody to recognise): the page must not need <c>HttpContext.User</c> for anonymous visitors.
    /// </remarks>
    public static TBuilder CachePublicly<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(b => b.Metadata.Add(PublicPageMetadata.Instance));
        return builder.CacheOutput(PolicyName);
    }
}

/// <summary>Endpoint metadata of a page marked with <see cref="PublicCaching.CachePublicly{TBuilder}"/>.</summary>
public sealed class PublicPageMetadata
{
    /// <summary>The one instance (it carries nothing).</summary>
    public static readonly PublicPageMetadata Instance = new();

    private PublicPageMetadata()
    {
    }
}
