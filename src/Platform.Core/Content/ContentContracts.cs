using System.Security.Claims;
using System.Text.Json.Nodes;
using Platform.Core.Media;

namespace Platform.Core.Content;

/// <summary>What a content field holds.</summary>
public enum ContentFieldKind
{
    /// <summary>One line of text (string).</summary>
    Text,
    /// <summary>Plain text over several lines (string).</summary>
    LongText,
    /// <summary>HTML, sanitised on save: no script, no event handlers, no <c>javascript:</c> links (string).</summary>
    RichText,
    /// <summary>A date, <c>yyyy-MM-dd</c> (string).</summary>
    Date,
    /// <summary>A number.</summary>
    Number,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>A list of short strings (array of strings).</summary>
    Tags,
    /// <summary>A stored file's id from <see cref="IMediaStore"/> (string), checked against <see cref="ContentField.Media"/>.</summary>
    Media,
    /// <summary>Several files with captions: array of <c>{ "media": id, "caption": text }</c>.</summary>
    MediaList,
    /// <summary>Another content item's id (string), of <see cref="ContentField.ReferenceType"/>.</summary>
    Reference,
    /// <summary>A veteran's id in the veterans registry (string).</summary>
    Veteran,
    /// <summary>Structured data the module validates itself (any JSON), e.g. a time-coded transcript.</summary>
    Json,
}

/// <summary>One field of a content type.</summary>
/// <param name="Name">JSON property name (lower camel case).</param>
/// <param name="Kind">What it holds.</param>
/// <param name="LabelZh">Chinese label for forms and messages.</param>
/// <param name="LabelEn">English label.</param>
/// <param name="Required">Must be present and non-empty to save.</param>
/// <param name="MaxLength">Longest text (characters) or most tags/files; 0: the platform default (200 for text, 200,000 for long/rich text, 50 entries).</param>
/// <param name="Media">For media fields: what may be uploaded.</param>
/// <param name="ReferenceType">For references: the content type referred to.</param>
/// <param name="Searchable">Whether its text goes into the search document (title and text fields: yes by default).</param>
public sealed record ContentField(
    string Name, ContentFieldKind Kind, string LabelZh, string LabelEn, bool Required = false, int MaxLength = 0,
    MediaPolicy? Media = null, string? ReferenceType = null, bool Searchable = true);

/// <summary>Which version of an item.</summary>
public enum ContentVersionKind
{
    /// <summary>The newest saved version (may be a draft newer than what is published).</summary>
    Latest,
    /// <summary>The version the public sees; none when unpublished.</summary>
    Published,
}

/// <summary>
/// A content item at one version: its type, region, owner and fields (a JSON object), with where publication stands.
/// <c>Revision</c> changes on every save; pass it back to save again (a stale one is refused with who saved first).
/// </summary>
public sealed record ContentItem(
    string Id, string ModuleId, string ContentType, string RegionCode, string Owner, int Version, int LatestVersion,
    int? PublishedVersion, DateTime? PublishedAt, JsonObject Fields, DateTime UpdatedAt, string UpdatedBy, int Revision, long? WorkflowInstanceId)
{
    /// <summary>The title field's text (empty when none).</summary>
    public string Title => Fields["title"]?.GetValue<string>() ?? "";

    /// <summary>Whether a version is published.</summary>
    public bool IsPublished => PublishedVersion is not null;

    /// <summary>Whether the newest version is newer than the published one (or nothing is published).</summary>
    public bool HasDraft => PublishedVersion != LatestVersion;
}

/// <summary>One saved version of an item.</summary>
public sealed record ContentVersionInfo(int Version, DateTime At, string By, string Title, bool Published);

/// <summary>A page of published items, filtered.</summary>
/// <param name="ModuleId">The declaring module.</param>
/// <param name="ContentType">The type.</param>
/// <param name="RegionCode">The region whose subtree to list (null: every region).</param>
/// <param name="Tag">Only items carrying this tag.</param>
/// <param name="Skip">Items to skip (newest published first).</param>
/// <param name="Take">At most this many (capped at 200).</param>
public sealed record ContentQuery(string ModuleId, string ContentType, string? RegionCode = null, string? Tag = null, int Skip = 0, int Take = 20);

/// <summary>
/// Content items of every module: saved as versioned JSON documents, validated against their type's fields (rich
/// text sanitised), published and withdrawn through the type's workflow, listed and read by the public only when
/// published. Editing checks the caller's scope (404 outside it) and the module's permissions through the workflow.
/// </summary>
public interface IContentStore
{
    /// <summary>Creates an item (version 1, a draft) and starts its publication workflow; audited.</summary>
    /// <exception cref="PlatformException">400 naming each invalid field in Chinese; 404 outside the caller's scope.</exception>
    Task<ContentItem> CreateAsync(ClaimsPrincipal caller, string moduleId, string contentType, string regionCode, JsonObject fields, CancellationToken cancellationToken = default);

    /// <summary>Saves a new version; the published version stays public until the new one is published.</summary>
    /// <exception cref="PlatformException">409 when <paramref name="expectedRevision"/> is stale (who saved first, when).</exception>
    Task<ContentItem> SaveAsync(ClaimsPrincipal caller, string id, JsonObject fields, int expectedRevision, CancellationToken cancellationToken = default);

    /// <summary>The item for editing (its newest version), or 404 outside the caller's scope.</summary>
    Task<ContentItem> GetForEditAsync(ClaimsPrincipal caller, string id, CancellationToken cancellationToken = default);

    /// <summary>The published version, or null when nothing is published (what public pages use).</summary>
    Task<ContentItem?> GetPublishedAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Published items, newest first.</summary>
    Task<IReadOnlyList<ContentItem>> ListPublishedAsync(ContentQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every item of a type in the caller's scope, newest change first (admin lists; at most 500).</summary>
    Task<IReadOnlyList<ContentItem>> ListForEditAsync(ClaimsPrincipal caller, string moduleId, string contentType, string? regionCode = null, CancellationToken cancellationToken = default);

    /// <summary>The saved versions, newest first.</summary>
    Task<IReadOnlyList<ContentVersionInfo>> VersionsAsync(ClaimsPrincipal caller, string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes the newest version (the publication workflow calls this through its <c>content-publish</c> event;
    /// a type without a workflow may call it directly). Audited; the search index follows.
    /// </summary>
    Task PublishAsync(string id, string actor, CancellationToken cancellationToken = default);

    /// <summary>Withdraws the published version (the <c>content-unpublish</c> event). Audited; the search index follows.</summary>
    Task UnpublishAsync(string id, string actor, CancellationToken cancellationToken = default);
}

/// <summary>Cleans HTML from editors: what it keeps is safe to render as is.</summary>
public interface IHtmlSanitizer
{
    /// <summary>The HTML without script, styles, event handlers, frames or dangerous links.</summary>
    string Sanitize(string html);
}

/// <summary>
/// Published content items by id for public pages: a singleton with no database context behind it (one prepared read),
/// so a page that only shows published items does not build the editing services for each visitor.
/// </summary>
public interface IPublishedContent
{
    /// <summary>The published version, or null when nothing is published.</summary>
    Task<ContentItem?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The published version with its fields as the stored UTF-8 JSON, or null when nothing is published: for a page that
    /// reads a few fields straight into its own types (<see cref="System.Text.Json.Utf8JsonReader"/>) instead of building
    /// a <see cref="JsonObject"/> for every visitor.
    /// </summary>
    Task<PublishedItemJson?> FindJsonAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>
/// A published item as <see cref="ContentItem"/> has it, except that its fields are the stored JSON text (UTF-8, an
/// object, as the content store saved it) rather than a parsed <see cref="JsonObject"/>.
/// </summary>
public sealed record PublishedItemJson(
    string Id, string ModuleId, string ContentType, string RegionCode, string Owner, int Version, int LatestVersion,
    DateTime? PublishedAt, ReadOnlyMemory<byte> Fields, DateTime UpdatedAt, string UpdatedBy, int Revision, long? WorkflowInstanceId)
{
    /// <summary>The same item with its fields parsed, as <see cref="IPublishedContent.FindAsync"/> returns it.</summary>
    public ContentItem ToItem() => new(Id, ModuleId, ContentType, RegionCode, Owner, Version, LatestVersion, Version, PublishedAt,
        JsonNode.Parse(Fields.Span)?.AsObject() ?? throw new InvalidOperationException($"The published fields of {Id} are not a JSON object."),
        UpdatedAt, UpdatedBy, Revision, WorkflowInstanceId);
}
