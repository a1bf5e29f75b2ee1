namespace Platform.Core.Modules;

/// <summary>
/// A permission a module defines, e.g. <c>offerings.write</c>, and the roles (see <c>PlatformRoles</c>) that hold it,
/// within their own scope. Platform administrators hold every permission.
/// </summary>
public sealed record PermissionDescriptor(string Name, string DescriptionZh, string DescriptionEn, IReadOnlyList<string>? Roles = null);

/// <summary>An entry in the admin menu.</summary>
/// <param name="TitleZh">The Chinese title.</param>
/// <param name="TitleEn">The English title.</param>
/// <param name="Path">Relative to the site root (e.g. <c>/admin/alpha</c>).</param>
/// <param name="Order">Position among the module's entries.</param>
/// <param name="ForOrganisations">
/// Also shown to people whose grants name an organisation and no region (provider staff): the page is an organisation
/// page that checks the organisation's region itself.
/// </param>
public sealed record AdminMenuItem(string TitleZh, string TitleEn, string Path, int Order = 100, bool ForOrganisations = false);

/// <summary>
/// A content type declared by a module: its fields (title, rich text, media, tags, dates, references...), the
/// module's workflow that publishes it (null: items are published directly by <c>IContentStore.PublishAsync</c>),
/// and whether its published items go into the search index. Items are stored as JSON documents with versions.
/// </summary>
/// <param name="Name">Identifier, unique in the module (e.g. <c>story</c>).</param>
/// <param name="DisplayNameZh">Chinese name.</param>
/// <param name="DisplayNameEn">English name.</param>
public sealed record ContentTypeDescriptor(string Name, string DisplayNameZh, string DisplayNameEn)
{
    /// <summary>The fields, in display order. A field named <c>title</c> (text) is the item's title.</summary>
    public IReadOnlyList<Content.ContentField> Fields { get; init; } = [];

    /// <summary>The module workflow whose <c>content-publish</c> / <c>content-unpublish</c> events publish and withdraw items.</summary>
    public string? PublicationWorkflow { get; init; }

    /// <summary>Whether published items are indexed for search (with their title, text fields and tags).</summary>
    public bool Searchable { get; init; }

    /// <summary>
    /// The module permission needed to create and edit items (its roles, over the item's region); null: anyone who
    /// may change the region's records. Platform administrators always may.
    /// </summary>
    public string? EditPermission { get; init; }

    /// <summary>Where the public reads an item, with <c>{region}</c> and <c>{id}</c> replaced (e.g. <c>/r/{region}/oral-history/stories/{id}</c>).</summary>
    public string? PublicUrl { get; init; }
}

/// <summary>Context handed to <see cref="PlatformModule.ConfigureServices"/>.</summary>
public sealed record ModuleServicesContext(Data.DatabaseSettings Database, string ContentRootPath);
