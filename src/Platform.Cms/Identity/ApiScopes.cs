using Platform.Core.Modules;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Cms.Identity;

/// <summary>Every API scope: the host's own and those declared by each module.</summary>
public sealed class ApiScopes
{
    private const ScopeAudience Everyone = ScopeAudience.ProviderSystems | ScopeAudience.Staff | ScopeAudience.Veterans;

    public static readonly ApiScopeDescriptor[] HostScopes =
    [
        new("regions.read", "读取行政区划与模块开关", "Read regions and module switches", Everyone),
        new("regions.write", "修改行政区划与模块开关", "Change regions and module switches", ScopeAudience.Staff),
    ];

    /// <summary>
    /// OpenID Connect's own scopes, which discovery advertises and client libraries ask for: only a client that signs
    /// people in (one with redirect addresses) may be given them. They reach no API.
    /// </summary>
    public static readonly ApiScopeDescriptor[] SignInScopes =
    [
        new(Scopes.OpenId, "确认您的登录身份", "Confirm who you are", Everyone),
        new(Scopes.Profile, "读取您的用户名和姓名", "Read your user name and display name", Everyone),
        new(Scopes.OfflineAccess, "在您离开后继续代您访问（刷新令牌）", "Keep access while you are away (refresh tokens)", Everyone),
    ];

    private readonly Dictionary<string, ApiScopeDescriptor> _byName;

    public ApiScopes(ModuleCatalog catalog)
    {
        All = [.. HostScopes, .. catalog.Modules.SelectMany(m => m.Scopes)];
        _byName = All.Concat(SignInScopes).ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ApiScopeDescriptor> All { get; }

    /// <summary>An API or sign-in scope by name, or null.</summary>
    public ApiScopeDescriptor? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The API scopes a provider's client may hold (<see cref="ScopeAudience.ProviderSystems"/>).</summary>
    public IEnumerable<ApiScopeDescriptor> ForProviders => All.Where(s => s.For.HasFlag(ScopeAudience.ProviderSystems));

    /// <summary>Of <paramref name="scopes"/>, those a provider's client may not hold (an unknown one included).</summary>
    public IReadOnlyList<string> NotForProviders(IEnumerable<string> scopes) =>
        [.. scopes.Where(s => Find(s) is not { } d || !d.For.HasFlag(ScopeAudience.ProviderSystems)).Distinct(StringComparer.Ordinal)];
}
