namespace Platform.Cms.Identity;

public static class IdentitySchemes
{
    /// <summary>The admin UI's own session, established through the platform's authorization server.</summary>
    public const string AdminCookie = "platform-admin";

    /// <summary>The admin UI's OpenID Connect client (code + PKCE against this host).</summary>
    public const string AdminOidc = "platform-admin-oidc";

    /// <summary>Client id of the admin UI.</summary>
    public const string AdminClientId = "platform-admin-ui";

    /// <summary>Callback paths of the admin client.</summary>
    public const string AdminCallbackPath = "/signin-oidc";
    public const string AdminSignedOutPath = "/signout-callback-oidc";
}
