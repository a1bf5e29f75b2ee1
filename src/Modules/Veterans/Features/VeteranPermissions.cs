using Platform.Core.Access;
using Platform.Core.Modules;

namespace Platform.Modules.Veterans.Features;

/// <summary>What each role may do in the registry; platform administrators hold every permission.</summary>
public static class VeteranPermissions
{
    public static readonly PermissionDescriptor Read = new("veterans.read", "查看军休干部名册（不含敏感信息）",
        "See the registry (without sensitive fields)", [PlatformRoles.BureauAdmin, PlatformRoles.LiaisonOfficer]);

    /// <summary>Liaison officers hold it only for the households assigned to them (checked in <see cref="VeteranAccess"/>).</summary>
    public static readonly PermissionDescriptor Sensitive = new("veterans.sensitive", "查看电话、住址、身份证号和健康信息（每次查看都记录）",
        "See phones, address, ID number and health notes (every view is logged)", [PlatformRoles.BureauAdmin, PlatformRoles.LiaisonOfficer]);

    public static readonly PermissionDescriptor Write = new("veterans.write", "登记、修改和导入军休干部信息，管理军休所",
        "Register, change and import veterans; manage rest homes", [PlatformRoles.BureauAdmin]);

    public static readonly PermissionDescriptor Assign = new("veterans.assign", "分配和调整联络员",
        "Assign and reassign liaison officers", [PlatformRoles.BureauAdmin]);

    public static readonly PermissionDescriptor Contact = new("veterans.contact", "记录联系走访和跟进事项",
        "Record contacts and visits, follow-ups", [PlatformRoles.LiaisonOfficer, PlatformRoles.BureauAdmin]);

    public static IReadOnlyList<PermissionDescriptor> All { get; } = [Read, Sensitive, Write, Assign, Contact];

    public static IReadOnlyList<ApiScopeDescriptor> Scopes { get; } =
    [
        // The registry is the bureaus' and liaison officers' alone: no provider's client may hold these.
        new("veterans.read", "读取军休干部名册（不含敏感信息）", "Read the veterans registry (no sensitive fields)", ScopeAudience.Staff),
        new("veterans.sensitive", "读取军休干部敏感信息（记录访问）", "Read veterans' sensitive fields (logged)", ScopeAudience.Staff),
        new("veterans.write", "修改军休干部名册与联系记录", "Change the registry and the contact log", ScopeAudience.Staff),
        new("veterans.self", "本人（或家属）查看和下载本人档案", "A veteran (or family) reads and downloads their own record", ScopeAudience.Veterans),
    ];
}
