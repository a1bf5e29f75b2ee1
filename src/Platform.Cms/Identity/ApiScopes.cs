using Platform.Core.Modules;

namespace Platform.Cms.Identity;

/// <summary>Every API scope: the host's own and those declared by each module.</summary>
public sealed class ApiScopes(ModuleCatalog catalog)
{
    public static readonly ApiScopeDescriptor[] HostScopes =
    [
        new("regions.read", "读取行政区划与模块开关", "Read regions and module switches"),
        new("regions.write", "修改行政区划与模块开关", "Change regions and module switches"),
    ];

    public IReadOnlyList<ApiScopeDescriptor> All { get; } =
        [.. HostScopes, .. catalog.Modules.SelectMany(m => m.Scopes)];
}
