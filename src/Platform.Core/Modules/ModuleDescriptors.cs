namespace Platform.Core.Modules;

/// <summary>A permission a module defines, e.g. <c>offerings.write</c>.</summary>
public sealed record PermissionDescriptor(string Name, string DescriptionZh, string DescriptionEn);

/// <summary>An entry in the admin menu; <paramref name="Path"/> is relative to the site root (e.g. <c>/admin/alpha</c>).</summary>
public sealed record AdminMenuItem(string TitleZh, string TitleEn, string Path, int Order = 100);

/// <summary>A content type declared by a module (fields and parts arrive with the content-items feature).</summary>
public sealed record ContentTypeDescriptor(string Name, string DisplayNameZh, string DisplayNameEn);

/// <summary>Context handed to <see cref="PlatformModule.ConfigureServices"/>.</summary>
public sealed record ModuleServicesContext(Data.DatabaseSettings Database, string ContentRootPath);
