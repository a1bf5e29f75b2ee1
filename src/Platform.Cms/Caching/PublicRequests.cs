using Microsoft.Net.Http.Headers;
using Platform.Core.Caching;

namespace Platform.Cms.Caching;

/// <summary>What the host knows about a request for a public page before anyone is signed in.</summary>
public static class PublicRequests
{
    /// <summary>Cookies that mean someone is signed in (Identity's own, and chunked ones: <c>name</c>, <c>nameC1</c>…).</summary>
    private static readonly string[] SignInCookies = ["platform-session", "platform-admin", ".AspNetCore.Identity"];

    /// <summary>No Authorization header and no sign-in cookie: whoever asks is an anonymous visitor.</summary>
    public static bool IsAnonymous(HttpRequest request)
    {
        if (request.Headers.ContainsKey(HeaderNames.Authorization)) return false;
        if (!request.Headers.ContainsKey(HeaderNames.Cookie)) return true;
        foreach (var name in request.Cookies.Keys)
            foreach (var prefix in SignInCookies)
                if (name.StartsWith(prefix, StringComparison.Ordinal)) return false;
        return true;
    }

    /// <summary>
    /// True for an anonymous request to a page marked <see cref="PublicCaching.CachePublicly{TBuilder}"/>: sign-in has
    /// nothing to find (no cookie, no token, not an OAuth or OpenID Connect endpoint), so the host does not run the
    /// authentication handlers for it (resolving and asking each of them cost a sixth of such a page).
    /// </summary>
    public static bool SkipsSignIn(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<PublicPageMetadata>() is not null && IsAnonymous(context.Request);
}
