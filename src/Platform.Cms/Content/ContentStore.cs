using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Cms.Search;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Content;
using Platform.Core.Modules;
using Platform.Core.Workflows;

namespace Platform.Cms.Content;

/// <summary>
/// Content items as versioned JSON documents (<c>core_content_items</c> + <c>core_content_versions</c>). Each save is a
/// new version; the published version stays public until a newer one is published through the type's workflow.
/// Editing checks scope and the type's edit permission; public reads see published versions only. Publishing and
/// withdrawing are audited and recorded as search changes in the same transaction.
/// </summary>
public sealed class ContentStore(
    CoreDbContext db, ModuleCatalog modules, ContentValidator validator, IAccessScope access, IWorkflowEngine workflows,
    PlatformState state, SearchSignal search, Caching.PublicCache publicCache, IPublishedContent published, TimeProvider clock) : IContentStore
{
    /// <summary>
    /// How versions are stored: text in any script as itself (UTF-8), not as <c>\uXXXX</c> escapes, which made Chinese
    /// text six bytes a character and made every public read undo them; HTML-sensitive characters stay escaped.
    /// </summary>
    private static readonly JsonSerializerOptions StoredJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public async Task<ContentItem> CreateAsync(ClaimsPrincipal caller, string moduleId, string contentType, string regionCode, JsonObject fields, CancellationToken cancellationToken = default)
    {
        var type = TypeOf(moduleId, contentType);
        if (!(await state.GetAsync(cancellationToken)).ByCode.ContainsKey(regionCode))
            throw PlatformException.NotFound($"地区 {regionCode} 不存在。", $"Region {regionCode} does not exist.");
        await EnsureMayEditAsync(caller, moduleId, type, regionCode, cancellationToken);
        var clean = await validator.ValidateAsync(moduleId, type, fields, cancellationToken);
        var actor = Actor(caller);
        var now = clock.GetUtcNow().UtcDateTime;
        var row = new ContentItemRow
        {
            Id = Guid.NewGuid().ToString("N"), ModuleId = moduleId, ContentType = contentType, RegionCode = regionCode, Owner = actor,
            Title = TitleOf(clean), LatestVersion = 1, CreatedAt = now, UpdatedAt = now, UpdatedBy = actor, Revision = 1,
        };
        db.ContentItems.Add(row);
        db.ContentVersions.Add(new ContentVersionRow { ItemId = row.Id, Version = 1, Json = clean.ToJsonString(StoredJson), Title = row.Title, CreatedAt = now, CreatedBy = actor });
        db.AddAudit("content.create", actor, regionCode, moduleId, null, $"{contentType}#{row.Id}：{row.Title}");
        await db.SaveChangesAsync(cancellationToken);
        if (type.PublicationWorkflow is { } workflow)
        {
            var instance = await workflows.StartAsync(moduleId, workflow, row.Id, regionCode, actor, cancellationToken: cancellationToken);
            row.WorkflowInstanceId = instance.Id;
            await db.SaveChangesAsync(cancellationToken);
        }
        return Item(row, 1, clean);
    }

    public async Task<ContentItem> SaveAsync(ClaimsPrincipal caller, string id, JsonObject fields, int expectedRevision, CancellationToken cancellationToken = default)
    {
        var row = await EditableAsync(caller, id, cancellationToken);
        if (row.Revision != expectedRevision) throw Stale(row);
        var type = TypeOf(row.ModuleId, row.ContentType);
        var clean = await validator.ValidateAsync(row.ModuleId, type, fields, cancellationToken);
        var actor = Actor(caller);
        var now = clock.GetUtcNow().UtcDateTime;
        row.LatestVersion++;
        row.Title = TitleOf(clean);
        row.UpdatedAt = now;
        row.UpdatedBy = actor;
        row.Revision++;
        db.ContentVersions.Add(new ContentVersionRow { ItemId = row.Id, Version = row.LatestVersion, Json = clean.ToJsonString(StoredJson), Title = row.Title, CreatedAt = now, CreatedBy = actor });
        db.AddAudit("content.save", actor, row.RegionCode, row.ModuleId, $"{row.ContentType}#{row.Id}", $"第 {row.LatestVersion} 版：{row.Title}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw Stale(await db.ContentItems.AsNoTracking().FirstAsync(i => i.Id == id, cancellationToken));
        }
        return Item(row, row.LatestVersion, clean);
    }

    public async Task<ContentItem> GetForEditAsync(ClaimsPrincipal caller, string id, CancellationToken cancellationToken = default)
    {
        var row = await VisibleAsync(caller, id, cancellationToken);
        return Item(row, row.LatestVersion, await FieldsAsync(row.Id, row.LatestVersion, cancellationToken));
    }

    public Task<ContentItem?> GetPublishedAsync(string id, CancellationToken cancellationToken = default) => published.FindAsync(id, cancellationToken);

    public async Task<IReadOnlyList<ContentItem>> ListPublishedAsync(ContentQuery query, CancellationToken cancellationToken = default)
    {
        var items = db.ContentItems.AsNoTracking().Where(i => i.ModuleId == query.ModuleId && i.ContentType == query.ContentType && i.PublishedVersion != null);
        if (query.RegionCode is { } region)
        {
            var subtree = await SubtreeAsync(region, cancellationToken);
            items = items.Where(i => subtree.Contains(i.RegionCode));
        }
        if (query.Tag is { } tag) items = items.Where(i => db.ContentTags.Any(t => t.ItemId == i.Id && t.Tag == tag));
        var page = items.OrderByDescending(i => i.PublishedAt).ThenBy(i => i.Id).Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 200));
        return await WithFieldsAsync(page, published: true, cancellationToken);
    }

    public async Task<IReadOnlyList<ContentItem>> ListForEditAsync(ClaimsPrincipal caller, string moduleId, string contentType, string? regionCode = null, CancellationToken cancellationToken = default)
    {
        var items = db.ContentItems.AsNoTracking().Where(i => i.ModuleId == moduleId && i.ContentType == contentType);
        var visible = await access.VisibleRegionsAsync(caller, cancellationToken);
        if (visible is not null) items = items.Where(i => visible.Contains(i.RegionCode));
        if (regionCode is not null)
        {
            var subtree = await SubtreeAsync(regionCode, cancellationToken);
            items = items.Where(i => subtree.Contains(i.RegionCode));
        }
        return await WithFieldsAsync(items.OrderByDescending(i => i.UpdatedAt).ThenBy(i => i.Id).Take(500), published: false, cancellationToken);
    }

    public async Task<IReadOnlyList<ContentVersionInfo>> VersionsAsync(ClaimsPrincipal caller, string id, CancellationToken cancellationToken = default)
    {
        var row = await VisibleAsync(caller, id, cancellationToken);
        return await db.ContentVersions.AsNoTracking().Where(v => v.ItemId == id).OrderByDescending(v => v.Version)
            .Select(v => new ContentVersionInfo(v.Version, v.CreatedAt, v.CreatedBy, v.Title, v.Version == row.PublishedVersion))
            .ToListAsync(cancellationToken);
    }

    public async Task PublishAsync(string id, string actor, CancellationToken cancellationToken = default)
    {
        var row = await db.ContentItems.FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
            ?? throw PlatformException.NotFound("未找到该内容。", "No such content item.");
        if (row.PublishedVersion == row.LatestVersion) return; // already public (an event delivered twice)
        var type = TypeOf(row.ModuleId, row.ContentType);
        var fields = await FieldsAsync(row.Id, row.LatestVersion, cancellationToken);
        await using var transaction = await OwnTransactionAsync(cancellationToken);
        var before = row.PublishedVersion;
        row.PublishedVersion = row.LatestVersion;
        row.PublishedAt = clock.GetUtcNow().UtcDateTime;
        await db.ContentTags.Where(t => t.ItemId == id).ExecuteDeleteAsync(cancellationToken);
        foreach (var tag in TagsOf(type, fields)) db.ContentTags.Add(new ContentTagRow { ItemId = id, Tag = tag });
        db.AddAudit("content.publish", actor, row.RegionCode, row.ModuleId, $"{row.ContentType}#{row.Id}：{(before is null ? "未发布" : $"第 {before} 版")}", $"发布第 {row.LatestVersion} 版：{row.Title}");
        if (type.Searchable) db.SearchChanges.Add(new SearchChange { Key = ContentSearchSource.KeyOf(id), ChangedAt = row.PublishedAt.Value });
        await db.SaveChangesAsync(cancellationToken);
        await CommitPublicChangeAsync(transaction, row.ModuleId, cancellationToken);
    }

    public async Task UnpublishAsync(string id, string actor, CancellationToken cancellationToken = default)
    {
        var row = await db.ContentItems.FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
            ?? throw PlatformException.NotFound("未找到该内容。", "No such content item.");
        if (row.PublishedVersion is null) return;
        var type = TypeOf(row.ModuleId, row.ContentType);
        await using var transaction = await OwnTransactionAsync(cancellationToken);
        var before = row.PublishedVersion;
        row.PublishedVersion = null;
        row.PublishedAt = null;
        await db.ContentTags.Where(t => t.ItemId == id).ExecuteDeleteAsync(cancellationToken);
        db.AddAudit("content.unpublish", actor, row.RegionCode, row.ModuleId, $"{row.ContentType}#{row.Id}：第 {before} 版", "撤回");
        if (type.Searchable) db.SearchChanges.Add(new SearchChange { Key = ContentSearchSource.KeyOf(id), ChangedAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        await CommitPublicChangeAsync(transaction, row.ModuleId, cancellationToken);
    }

    /// <summary>
    /// Commits a publication and tells the public cache: after our own commit; inside a caller's transaction the
    /// generation is bumped in that transaction (nodes, this one included, see it within a second of its commit).
    /// </summary>
    private async Task CommitPublicChangeAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? transaction, string moduleId, CancellationToken ct)
    {
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
            await publicCache.ChangedAsync(moduleId, ct);
        }
        else await Caching.PublicCache.BumpAsync(db, moduleId, ct);
        search.Pulse();
    }

    /// <summary>A transaction of our own, or null inside the caller's.</summary>
    private async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> OwnTransactionAsync(CancellationToken ct) =>
        db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;

    /// <summary>The type's tags: every value of its tag fields.</summary>
    public static IEnumerable<string> TagsOf(ContentTypeDescriptor type, JsonObject fields) =>
        type.Fields.Where(f => f.Kind == ContentFieldKind.Tags)
            .SelectMany(f => fields[f.Name] as JsonArray ?? [])
            .Select(t => t?.GetValue<string>() ?? "").Where(t => t.Length > 0).Distinct(StringComparer.Ordinal);

    private ContentTypeDescriptor TypeOf(string moduleId, string contentType) =>
        modules.Find(moduleId)?.ContentTypes.FirstOrDefault(t => t.Name == contentType)
        ?? throw PlatformException.NotFound($"模块 {moduleId} 没有内容类型“{contentType}”。", $"Module {moduleId} has no content type '{contentType}'.");

    /// <summary>
    /// With an edit permission: its roles over the region (a liaison officer writes stories for the region they see);
    /// without one: the right to change the region's records. Outside the caller's scope the region does not exist.
    /// </summary>
    private async Task EnsureMayEditAsync(ClaimsPrincipal caller, string moduleId, ContentTypeDescriptor type, string regionCode, CancellationToken ct)
    {
        if (type.EditPermission is not { } permission)
        {
            await access.EnsureAsync(caller, regionCode, write: true, ct);
            return;
        }
        await access.EnsureAsync(caller, regionCode, write: false, ct);
        if (GrantClaim.IsPlatformAdmin(caller)) return;
        var roles = modules.Find(moduleId)?.Permissions.FirstOrDefault(p => p.Name == permission)?.Roles ?? [];
        if (!await access.HoldsRoleOverAsync(caller, roles, regionCode, ct))
            throw new PlatformException(403, $"您没有编辑“{type.DisplayNameZh}”的权限（{permission}）。", $"You may not edit {type.DisplayNameEn} ({permission}).");
    }

    private async Task<ContentItemRow> VisibleAsync(ClaimsPrincipal caller, string id, CancellationToken ct)
    {
        var row = await db.ContentItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (row is null || await access.ForRegionAsync(caller, row.RegionCode, write: false, ct) == AccessDecision.Hidden)
            throw PlatformException.NotFound("未找到该内容，或它不在您的管辖范围内。", "No such content item in your scope.");
        return row;
    }

    private async Task<ContentItemRow> EditableAsync(ClaimsPrincipal caller, string id, CancellationToken ct)
    {
        var row = await db.ContentItems.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (row is null || await access.ForRegionAsync(caller, row.RegionCode, write: false, ct) == AccessDecision.Hidden)
            throw PlatformException.NotFound("未找到该内容，或它不在您的管辖范围内。", "No such content item in your scope.");
        await EnsureMayEditAsync(caller, row.ModuleId, TypeOf(row.ModuleId, row.ContentType), row.RegionCode, ct);
        return row;
    }

    private async Task<JsonObject> FieldsAsync(string id, int version, CancellationToken ct)
    {
        var json = await db.ContentVersions.AsNoTracking().Where(v => v.ItemId == id && v.Version == version).Select(v => v.Json).FirstAsync(ct);
        return JsonNode.Parse(json)!.AsObject();
    }

    /// <summary>The page's items with the JSON of the wanted version, in the page's order, in one query.</summary>
    private async Task<IReadOnlyList<ContentItem>> WithFieldsAsync(IQueryable<ContentItemRow> page, bool published, CancellationToken ct)
    {
        var rows = await (from r in page
                          join v in db.ContentVersions on new { I = r.Id, V = published ? r.PublishedVersion!.Value : r.LatestVersion } equals new { I = v.ItemId, V = v.Version }
                          select new { Row = r, v.Json }).ToListAsync(ct);
        var order = await page.Select(r => r.Id).ToListAsync(ct);
        var byId = rows.ToDictionary(x => x.Row.Id);
        return [.. order.Where(byId.ContainsKey).Select(id => Item(byId[id].Row, published ? byId[id].Row.PublishedVersion!.Value : byId[id].Row.LatestVersion,
            JsonNode.Parse(byId[id].Json)!.AsObject()))];
    }

    private async Task<HashSet<string>> SubtreeAsync(string regionCode, CancellationToken ct)
    {
        var snapshot = await state.GetAsync(ct);
        var root = snapshot.ByCode.GetValueOrDefault(regionCode);
        return root is null ? [] : snapshot.Regions.Where(root.Contains).Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
    }

    private static string TitleOf(JsonObject fields)
    {
        var title = fields["title"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        return title.Length > 500 ? title[..500] : title;
    }

    private static string Actor(ClaimsPrincipal caller) => caller.Identity?.Name ?? "anonymous";

    private static PlatformException Stale(ContentItemRow current) => PlatformException.Conflict(
        $"该内容已被 {current.UpdatedBy} 于 {current.UpdatedAt:yyyy-MM-dd HH:mm:ss}（UTC）保存为第 {current.LatestVersion} 版，请刷新后再修改（您填写的内容请先复制保存）。",
        $"Already saved by {current.UpdatedBy} at {current.UpdatedAt:yyyy-MM-dd HH:mm:ss} UTC (version {current.LatestVersion}); reload before saving.");

    private static ContentItem Item(ContentItemRow r, int version, JsonObject fields) =>
        new(r.Id, r.ModuleId, r.ContentType, r.RegionCode, r.Owner, version, r.LatestVersion, r.PublishedVersion, r.PublishedAt, fields,
            r.UpdatedAt, r.UpdatedBy, r.Revision, r.WorkflowInstanceId);
}
