using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Cms.Identity;

/// <summary>
/// Points the admin UI's OpenID Connect client at this very host: <c>Platform:PublicUrl</c> when set, else the
/// first address the host listens on. Tests swap in the in-memory server's handler for the back channel.
/// </summary>
public sealed class AdminOidcAuthority(IConfiguration config, AdminBackchannel backchannel) : IConfigureNamedOptions<OpenIdConnectOptions>
{
    public void Configure(OpenIdConnectOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, OpenIdConnectOptions options)
    {
        if (name != IdentitySchemes.AdminOidc) return;
        options.Authority = PublicUrls.Authority(config);
        if (backchannel.HandlerFactory is { } factory)
            options.BackchannelHttpHandler = factory();
        options.Events.OnTokenValidated = async context =>
        {
            // Remember the person's security stamp so a lock or password change ends this admin session.
            var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<PlatformUser>>();
            var subject = context.Principal?.FindFirst(Claims.Subject)?.Value;
            var user = subject is null ? null : await users.FindByIdAsync(subject);
            if (user is not null && context.Principal!.Identity is ClaimsIdentity identity)
                identity.AddClaim(new Claim(AdminSessionValidator.StampClaim, user.SecurityStamp ?? ""));
        };
    }
}

/// <summary>An optional HTTP handler for the admin client's calls to this host (set by the test host).</summary>
public sealed class AdminBackchannel
{
    public Func<HttpMessageHandler>? HandlerFactory { get; set; }
}

/// <summary>Ends an admin session when the person is locked or their security stamp changed (checked each minute).</summary>
public static class AdminSessionValidator
{
    public const string StampClaim = "platform_stamp";
    private const string CheckedAt = ".platform_checked";

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var now = DateTimeOffset.UtcNow;
        if (context.Properties.Items.TryGetValue(CheckedAt, out var last) && DateTimeOffset.TryParse(last, out var at) && now - at < TimeSpan.FromMinutes(1))
            return;
        var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<PlatformUser>>();
        var subject = context.Principal?.FindFirst(Claims.Subject)?.Value;
        var user = subject is null ? null : await users.FindByIdAsync(subject);
        if (user is null || await users.IsLockedOutAsync(user) || context.Principal!.FindFirst(StampClaim)?.Value != user.SecurityStamp)
        {
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminSessionValidator))
                .LogInformation("Admin session ended for {Subject}: account missing, locked or changed", subject ?? "(none)");
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentitySchemes.AdminCookie);
            return;
        }
        context.Properties.Items[CheckedAt] = now.ToString("O");
        context.ShouldRenew = true;
    }
}

/// <summary>The host's public addresses: <c>Platform:PublicUrl</c>, else what <c>--urls</c> says, with wildcard hosts made concrete.</summary>
public static class PublicUrls
{
    public static string Authority(IConfiguration config) => All(config)[0];

    public static IReadOnlyList<string> All(IConfiguration config)
    {
        var list = new List<string>();
        if (config["Platform:PublicUrl"] is { Length: > 0 } configured) list.Add(configured.TrimEnd('/'));
        var urls = (config["urls"] ?? config["ASPNETCORE_URLS"] ?? "http://localhost:5000")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var url in urls)
        {
            foreach (var host in new[] { "127.0.0.1", "localhost" })
            {
                var concrete = url.Replace("://0.0.0.0", "://" + host, StringComparison.Ordinal)
                    .Replace("://[::]", "://" + host, StringComparison.Ordinal)
                    .Replace("://+", "://" + host, StringComparison.Ordinal)
                    .Replace("://*", "://" + host, StringComparison.Ordinal);
                list.Add(concrete.TrimEnd('/'));
            }
        }
        return list.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
