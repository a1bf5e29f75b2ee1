using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;
using Platform.Core.Access;
using Platform.Core.Data;
using Platform.Core.Modules;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Cms.Identity;

/// <summary>People (ASP.NET Core Identity), the OAuth/OpenID server (OpenIddict), and how the admin and API authenticate.</summary>
public static class IdentityServices
{
    public const string LoginLimiter = "login";
    public const string TokenLimiter = "token";

    public static void AddPlatformIdentity(this IServiceCollection services, IConfiguration config, DatabaseSettings database, ModuleCatalog catalog)
    {
        services.AddDbContextPool<IdentityStoreContext>(database.Configure);
        services.AddSingleton<IXmlRepository, DatabaseXmlRepository>();
        services.AddDataProtection().SetApplicationName("platform");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = sp.GetRequiredService<IXmlRepository>()));

        services.AddIdentityCore<PlatformUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddEntityFrameworkStores<IdentityStoreContext>();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddScoped<PeopleService>();
        services.AddSingleton<IMailSender, SmtpMailSender>();
        services.AddScoped<ServerKeyStore>();
        services.AddSingleton<ServerKeyHolder>();
        services.AddSingleton<ApiScopes>();
        services.AddSingleton<IAccessScope, AccessScope>();
        services.AddScoped<ClientRegistry>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, ConfigureServerKeys>();
        services.AddSingleton<DecodedTokens>();

        var requireHttps = config.GetValue<bool>("Platform:RequireHttps");
        services.AddOpenIddict()
            .AddCore(o =>
            {
                o.UseEntityFrameworkCore().UseDbContext<IdentityStoreContext>();
                o.ReplaceApplicationManager(typeof(SecretCheckCachingApplicationManager<>));
            })
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("/connect/authorize")
                    .SetTokenEndpointUris("/connect/token")
                    .SetIntrospectionEndpointUris("/connect/introspect")
                    .SetRevocationEndpointUris("/connect/revoke")
                    .SetUserInfoEndpointUris("/connect/userinfo")
                    .SetEndSessionEndpointUris("/connect/endsession");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow();
                o.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                AuditOAuthRefusals.Register(o);
                o.SetAccessTokenLifetime(TimeSpan.FromMinutes(30));
                o.SetRefreshTokenLifetime(TimeSpan.FromDays(14));
                o.RegisterScopes([Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess,
                    .. ApiScopes.HostScopes.Select(s => s.Name), .. catalog.Modules.SelectMany(m => m.Scopes).Select(s => s.Name)]);
                o.Configure(options =>
                {
                    // S256 only: "plain" PKCE gives no protection against a stolen code.
                    options.CodeChallengeMethods.Clear();
                    options.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
                });
                // No status-code-pages integration: UseStatusCodePages would replace a refused authorization request's
                // error and error_description with a bare "Bad Request" problem document.
                var aspNetCore = o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableErrorPassthrough();
                if (!requireHttps) aspNetCore.DisableTransportSecurityRequirement();
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.AddAudiences(ConnectEndpoints.Audience);
                o.EnableTokenEntryValidation();
                o.EnableAuthorizationEntryValidation();
                TokenEntryChecks.Register(o);
                o.UseAspNetCore();
            });

        services.AddAuthentication(IdentitySchemes.AdminCookie)
            .AddIdentityCookies(o => o.ApplicationCookie?.Configure(c =>
            {
                c.LoginPath = "/account/login";
                c.Cookie.Name = "platform-session";
                c.ExpireTimeSpan = TimeSpan.FromHours(8);
            }));
        services.AddAuthentication()
            .AddCookie(IdentitySchemes.AdminCookie, c =>
            {
                c.Cookie.Name = "platform-admin";
                c.Cookie.SameSite = SameSiteMode.Lax;
                c.ExpireTimeSpan = TimeSpan.FromHours(8);
                c.AccessDeniedPath = "/account/denied";
                c.ForwardChallenge = IdentitySchemes.AdminOidc;
                c.Events.OnValidatePrincipal = AdminSessionValidator.ValidateAsync;
            })
            .AddOpenIdConnect(IdentitySchemes.AdminOidc, o =>
            {
                o.ClientId = IdentitySchemes.AdminClientId;
                o.ResponseType = Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                // Query response mode: form_post needs an inline auto-submit script, which our CSP forbids.
                o.ResponseMode = Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectResponseMode.Query;
                // The admin calls services directly; keeping tokens would triple the cookie (and break 8 KB proxy header limits).
                o.SaveTokens = false;
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.RequireHttpsMetadata = requireHttps;
                o.CallbackPath = IdentitySchemes.AdminCallbackPath;
                o.SignedOutCallbackPath = IdentitySchemes.AdminSignedOutPath;
                o.SignInScheme = IdentitySchemes.AdminCookie;
                o.MapInboundClaims = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.Scope.Clear();
                foreach (var scope in new[] { Scopes.OpenId, Scopes.Profile, Scopes.OfflineAccess, "regions.read", "regions.write" })
                    o.Scope.Add(scope);
                o.TokenValidationParameters.NameClaimType = Claims.Name;
                o.ClaimActions.Clear();
            });
        services.AddSingleton<IConfigureOptions<OpenIdConnectOptions>, AdminOidcAuthority>();

        services.AddAuthorizationBuilder()
            .AddPolicy(PlatformPolicies.Admin, p => p
                .AddAuthenticationSchemes(IdentitySchemes.AdminCookie)
                .RequireAuthenticatedUser()
                .RequireAssertion(c => GrantClaim.Of(c.User).Any(g => PlatformRoles.Staff.Contains(g.Role))))
            .AddPolicy(PlatformPolicies.PlatformAdmin, p => p
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .AddRequirements(new ScopeRequirement())
                .RequireAuthenticatedUser()
                .RequireAssertion(c => GrantClaim.IsPlatformAdmin(c.User)))
            .AddPolicy(PlatformPolicies.Api, p => p
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new ScopeRequirement()));
        services.AddSingleton<IAuthorizationHandler, ScopeAuthorizationHandler>();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            var loginPerMinute = config.GetValue("Platform:RateLimits:LoginPerMinute", 30);
            var tokenPerSecond = config.GetValue("Platform:RateLimits:TokenPerSecond", 2000);
            o.AddPolicy(LoginLimiter, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = loginPerMinute, Window = TimeSpan.FromMinutes(1) }));
            o.AddPolicy(TokenLimiter, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = tokenPerSecond, Window = TimeSpan.FromSeconds(1) }));
        });
    }
}
