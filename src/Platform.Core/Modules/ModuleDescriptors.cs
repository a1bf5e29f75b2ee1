namespace Platform.Core.Modules;

/// <summary>
/// A permission a module defines, e.g. <c>offerings.write</c>, and the roles (see <c>PlatformRoles</c>) that hold it,
/// within their own scope. Platform administrators hold every permission.
/// </summary>
public sealed record PermissionDescriptor(string Name, string DescriptionZh, string DescriptionEn, IReadOnlyList<string>? Roles = null);

/// <summary>An entry in the admin menu; <paramref name="Path"/> is relative to the site root (e.g. <c>/admin/alpha</c>).</summary>
public sealed record AdminMenuItem(string TitleZh, string TitleEn, string Path, int Order = 100);

/// <summary>A content type declared by a module (fields and parts arrive with the content-items feature).</summary>
public sealed record ContentTypeDescriptor(string Name, string DisplayNameZh, string DisplayNameEn);

/// <summary>Context handed to <see cref="PlatformModule.ConfigureServices"/>.</summary>
public sealed record ModuleServicesContext(Data.DatabaseSettings Database, string ContentRootPath);
