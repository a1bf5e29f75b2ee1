using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Auditing;
using Platform.Core.Regions;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Stories;

namespace Platform.Modules.OralHistory.Features.Collections;

public sealed record CollectionInput(CollectionKind Kind, string? Title, string? Description, int? Year);

/// <summary>Printed volumes and video volumes of a region, each an ordered list of stories.</summary>
public sealed class CollectionService(OralHistoryDbContext db, StoryService stories, IRegionDirectory regions, IAuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<Volume>> ListAsync(string regionCode, bool subtree, CancellationToken ct = default)
    {
        var codes = subtree ? await SubtreeAsync(regionCode, ct) : (await regions.AncestryAsync(regionCode, ct)).Select(r => r.Code).ToList();
        return await db.Collections.AsNoTracking().Include(c => c.Stories).Where(c => codes.Contains(c.RegionCode))
            .OrderByDescending(c => c.Year).ThenBy(c => c.Id).ToListAsync(ct);
    }

    public Task<Volume?> FindAsync(long id, CancellationToken ct = default) =>
        db.Collections.AsNoTracking().Include(c => c.Stories).FirstOrDefaultAsync(c => c.Id == id, ct);

    public async Task<Volume> CreateAsync(ClaimsPrincipal caller, string regionCode, CollectionInput input, CancellationToken ct = default)
    {
        await stories.EnsureMayEditAsync(caller, regionCode, ct);
        var title = input.Title?.Trim() ?? "";
        if (title.Length is 0 or > 100) throw PlatformException.Invalid("请填写文集名称（100 字以内）。", "Enter a title (up to 100 characters).");
        if (input.Year is < 1900 or > 2200) throw PlatformException.Invalid("年份应在 1900 至 2200 之间。", "The year must be 1900-2200.");
        var row = new Volume
        {
            RegionCode = regionCode, Kind = input.Kind, Title = title, Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
            Year = input.Year, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Collections.Add(row);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(new AuditEntry("oralhistory.collection-create", caller.Identity?.Name ?? "anonymous", regionCode, StoryType.ModuleId, null, title), ct);
        return row;
    }

    /// <summary>Adds a story of the collection's region (subtree) at the end, or removes it.</summary>
    public async Task SetStoryAsync(ClaimsPrincipal caller, long collectionId, string storyId, bool include, CancellationToken ct = default)
    {
        var collection = await db.Collections.Include(c => c.Stories).FirstOrDefaultAsync(c => c.Id == collectionId, ct)
            ?? throw PlatformException.NotFound("未找到该文集。", "No such collection.");
        await stories.EnsureMayEditAsync(caller, collection.RegionCode, ct);
        var story = await stories.GetForEditAsync(caller, storyId, ct);
        if (!(await SubtreeAsync(collection.RegionCode, ct)).Contains(story.Item.RegionCode))
            throw PlatformException.Invalid("这篇稿件不属于该文集的地区。", "The story is not in the collection's region.");
        var existing = collection.Stories.FirstOrDefault(s => s.StoryId == storyId);
        if (include && existing is null)
            collection.Stories.Add(new CollectionStory { StoryId = storyId, Position = collection.Stories.Count == 0 ? 1 : collection.Stories.Max(s => s.Position) + 1 });
        else if (!include && existing is not null)
            collection.Stories.Remove(existing);
        else return;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(new AuditEntry(include ? "oralhistory.collection-add" : "oralhistory.collection-remove", caller.Identity?.Name ?? "anonymous",
            collection.RegionCode, StoryType.ModuleId, collection.Title, $"{story.Story.Title}（{storyId}）"), ct);
    }

    private async Task<List<string>> SubtreeAsync(string regionCode, CancellationToken ct)
    {
        var root = await regions.FindAsync(regionCode, ct);
        return root is null ? [] : (await regions.AllAsync(ct)).Where(root.Contains).Select(r => r.Code).ToList();
    }
}
