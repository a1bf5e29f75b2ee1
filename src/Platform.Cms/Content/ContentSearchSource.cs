using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Core.Content;
using Platform.Core.Modules;
using Platform.Core.Search;

namespace Platform.Cms.Content;

/// <summary>
/// Search documents for the published items of every content type marked <c>Searchable</c>: the title, the text of
/// its text, rich-text (tags stripped), caption and JSON fields (e.g. a transcript), its tags, the year of its first
/// date field, and its public address. Keys are <c>content:{id}</c>; the document's module is the item's.
/// </summary>
public sealed class ContentSearchSource(CoreDbContext db, ModuleCatalog modules) : ISearchDocumentSource
{
    public const string Prefix = "content";

    public static string KeyOf(string itemId) => $"{Prefix}:{itemId}";

    public string ModuleId => Prefix;

    public async IAsyncEnumerable<SearchDocument> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var searchable = modules.Modules.SelectMany(m => m.ContentTypes.Where(t => t.Searchable).Select(t => (m.Manifest.Id, t.Name))).ToList();
        foreach (var (moduleId, typeName) in searchable)
        {
            for (var skip = 0; ; skip += 500)
            {
                var page = db.ContentItems.AsNoTracking().Where(i => i.ModuleId == moduleId && i.ContentType == typeName && i.PublishedVersion != null);
                var rows = await (from i in page.OrderBy(i => i.Id).Skip(skip).Take(500)
                                  join v in db.ContentVersions on new { I = i.Id, V = i.PublishedVersion!.Value } equals new { I = v.ItemId, V = v.Version }
                                  select new { Item = i, v.Json }).ToListAsync(cancellationToken);
                if (rows.Count == 0) break;
                foreach (var row in rows.OrderBy(r => r.Item.Id, StringComparer.Ordinal))
                {
                    if (Document(row.Item, row.Json) is { } document) yield return document;
                }
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task<SearchDocument?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var id = key[(Prefix.Length + 1)..];
        var row = await (from i in db.ContentItems.AsNoTracking().Where(i => i.Id == id && i.PublishedVersion != null)
                         join v in db.ContentVersions on new { I = i.Id, V = i.PublishedVersion!.Value } equals new { I = v.ItemId, V = v.Version }
                         select new { Item = i, v.Json }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : Document(row.Item, row.Json);
    }

    private SearchDocument? Document(ContentItemRow item, string json)
    {
        var type = modules.Find(item.ModuleId)?.ContentTypes.FirstOrDefault(t => t.Name == item.ContentType);
        if (type is not { Searchable: true }) return null;
        var fields = JsonNode.Parse(json)!.AsObject();
        var body = new StringBuilder();
        foreach (var field in type.Fields.Where(f => f.Searchable && f.Name != "title"))
        {
            var value = fields[field.Name];
            if (value is null) continue;
            switch (field.Kind)
            {
                case ContentFieldKind.Text or ContentFieldKind.LongText:
                    body.AppendLine(value.GetValue<string>());
                    break;
                case ContentFieldKind.RichText:
                    body.AppendLine(PlainText.FromHtml(value.GetValue<string>()));
                    break;
                case ContentFieldKind.MediaList:
                    foreach (var entry in value.AsArray()) body.AppendLine(entry?["caption"]?.GetValue<string>());
                    break;
                case ContentFieldKind.Json:
                    AppendStrings(value, body);
                    break;
            }
        }
        var year = type.Fields.Where(f => f.Kind == ContentFieldKind.Date).Select(f => fields[f.Name]?.GetValue<string>()).FirstOrDefault(d => d is { Length: >= 4 });
        var url = (type.PublicUrl ?? "/r/{region}/").Replace("{region}", item.RegionCode, StringComparison.Ordinal).Replace("{id}", item.Id, StringComparison.Ordinal);
        var summary = type.Fields.FirstOrDefault(f => f.Name == "summary") is not null ? fields["summary"]?.GetValue<string>() : null;
        return new SearchDocument(KeyOf(item.Id), item.ModuleId, item.ContentType, item.RegionCode, item.Title, body.ToString(),
            ContentStore.TagsOf(type, fields).ToList(), year is null ? null : int.Parse(year[..4], System.Globalization.CultureInfo.InvariantCulture), url, summary);
    }

    private static void AppendStrings(JsonNode node, StringBuilder body)
    {
        switch (node)
        {
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                body.AppendLine(v.GetValue<string>());
                break;
            case JsonArray a:
                foreach (var child in a) if (child is not null) AppendStrings(child, body);
                break;
            case JsonObject o:
                foreach (var (_, child) in o) if (child is not null) AppendStrings(child, body);
                break;
        }
    }
}

/// <summary>Plain text from sanitised HTML (for search and snippets).</summary>
public static partial class PlainText
{
    public static string FromHtml(string html) => System.Net.WebUtility.HtmlDecode(Tags().Replace(html, " "));

    [System.Text.RegularExpressions.GeneratedRegex("<[^>]*>")]
    private static partial System.Text.RegularExpressions.Regex Tags();
}

/// <summary>
/// Publishes and withdraws content items when their publication workflow emits <c>content-publish</c> /
/// <c>content-unpublish</c>, inside the outbox's transaction (so the item changes exactly when the event is marked
/// delivered). The store is resolved when an event arrives: the store starts workflows, whose engine delivers events.
/// </summary>
public sealed class ContentPublicationSubscriber(IServiceProvider services, CoreDbContext db) : Core.Workflows.IWorkflowEventSubscriber
{
    public async Task HandleAsync(Core.Workflows.WorkflowEvent workflowEvent, CancellationToken cancellationToken)
    {
        if (workflowEvent.Name is not ("content-publish" or "content-unpublish")) return;
        var instance = workflowEvent.Instance;
        var isItem = await db.ContentItems.AnyAsync(i => i.Id == instance.EntityId && i.ModuleId == instance.ModuleId && i.WorkflowInstanceId == instance.Id, cancellationToken);
        if (!isItem) return;
        var content = services.GetRequiredService<IContentStore>();
        if (workflowEvent.Name == "content-publish") await content.PublishAsync(instance.EntityId, instance.UpdatedBy, cancellationToken);
        else await content.UnpublishAsync(instance.EntityId, instance.UpdatedBy, cancellationToken);
    }
}
