using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Content;
using Platform.Core.Regions;
using Platform.Core.Workflows;
using Platform.Modules.OralHistory.Data;

namespace Platform.Modules.OralHistory.Features.Stories;

/// <summary>A story as an editor sees it: its fields, the item's revision and its workflow state.</summary>
public sealed record EditableStory(Story Story, ContentItem Item, WorkflowInstanceInfo? Workflow);

/// <summary>
/// Stories through the content store, plus the module's own record of each (its narrator), kept beside it. Checks
/// scope and permission; the store and the workflow check them again.
/// </summary>
public sealed class StoryService(IContentStore content, IWorkflowEngine workflows, OralHistoryDbContext db, IAccessScope access, IRegionDirectory regions, TimeProvider clock)
{
    /// <summary>The module acting on its own (the consent guard, the column): it reads, it never acts for a person.</summary>
    internal static readonly ClaimsPrincipal System = new(new ClaimsIdentity(
        [new Claim("name", "system:oralhistory"), new Claim(GrantClaim.ClaimType, new GrantClaim(PlatformRoles.PlatformAdmin, null, null).Format())], "system", "name", "role"));

    public Task EnsureMayEditAsync(ClaimsPrincipal caller, string regionCode, CancellationToken ct = default) =>
        OralHistoryPermissions.EnsureAsync(access, caller, OralHistoryPermissions.Edit, regionCode, ct);

    public async Task<EditableStory> CreateAsync(ClaimsPrincipal caller, string regionCode, Story input, CancellationToken ct = default)
    {
        if (await regions.FindAsync(regionCode, ct) is null) throw PlatformException.NotFound($"未找到地区“{regionCode}”。", "No such region.");
        await EnsureMayEditAsync(caller, regionCode, ct);
        CheckNarrator(input);
        var item = await content.CreateAsync(caller, StoryType.ModuleId, StoryType.Name, regionCode, input.ToFields(), ct);
        var narrator = await NarratorForAsync(regionCode, input, ct);
        db.Stories.Add(new StoryRow { StoryId = item.Id, RegionCode = regionCode, NarratorId = narrator.Id, CreatedAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        return await GetForEditAsync(caller, item.Id, ct);
    }

    public async Task<EditableStory> SaveAsync(ClaimsPrincipal caller, string id, Story input, int expectedRevision, CancellationToken ct = default)
    {
        var current = await GetForEditAsync(caller, id, ct);
        await EnsureMayEditAsync(caller, current.Item.RegionCode, ct);
        CheckNarrator(input);
        await content.SaveAsync(caller, id, input.ToFields(), expectedRevision, ct);
        var narrator = await NarratorForAsync(current.Item.RegionCode, input, ct);
        var row = await db.Stories.FirstOrDefaultAsync(s => s.StoryId == id, ct);
        if (row is null)
            db.Stories.Add(new StoryRow { StoryId = id, RegionCode = current.Item.RegionCode, NarratorId = narrator.Id, CreatedAt = clock.GetUtcNow().UtcDateTime });
        else row.NarratorId = narrator.Id;
        await db.SaveChangesAsync(ct);
        return await GetForEditAsync(caller, id, ct);
    }

    public async Task<EditableStory> GetForEditAsync(ClaimsPrincipal caller, string id, CancellationToken ct = default)
    {
        var item = await content.GetForEditAsync(caller, id, ct);
        if (item.ModuleId != StoryType.ModuleId || item.ContentType != StoryType.Name) throw PlatformException.NotFound("未找到这篇口述历史。", "No such story.");
        var workflow = item.WorkflowInstanceId is { } wf ? await workflows.FindAsync(wf, ct) : null;
        return new EditableStory(Story.From(item), item, workflow);
    }

    public async Task<IReadOnlyList<EditableStory>> ListForEditAsync(ClaimsPrincipal caller, string regionCode, CancellationToken ct = default)
    {
        var items = await content.ListForEditAsync(caller, StoryType.ModuleId, StoryType.Name, regionCode, ct);
        var list = new List<EditableStory>();
        foreach (var item in items)
            list.Add(new EditableStory(Story.From(item), item, item.WorkflowInstanceId is { } wf ? await workflows.FindAsync(wf, ct) : null));
        return list;
    }

    /// <summary>The newest version whoever asks (for the consent guard, which runs without a person).</summary>
    public async Task<Story?> GetLatestAsSystemAsync(string id, CancellationToken ct = default)
    {
        try
        {
            var item = await content.GetForEditAsync(System, id, ct);
            return item.ModuleId == StoryType.ModuleId ? Story.From(item) : null;
        }
        catch (PlatformException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The published version when it is a story of this module, else null.</summary>
    public async Task<Story?> GetPublishedAsync(string id, CancellationToken ct = default)
    {
        return Published(await content.GetPublishedAsync(id, ct));
    }

    /// <summary>The story a published item holds, or null when it is not a story.</summary>
    public static Story? Published(ContentItem? item) =>
        item is { ModuleId: StoryType.ModuleId, ContentType: StoryType.Name } ? Story.From(item) : null;

    /// <summary>The story a published item's JSON holds, or null when it is not a story (the public story page's read).</summary>
    public static Story? Published(PublishedItemJson? item) =>
        item is { ModuleId: StoryType.ModuleId, ContentType: StoryType.Name } ? StoryJson.From(item) : null;

    /// <summary>Fires a workflow transition on the story for the caller (the workflow checks permission, scope and guards).</summary>
    public async Task<WorkflowInstanceInfo> FireAsync(ClaimsPrincipal caller, string id, string transition, int expectedRevision, string? comment, CancellationToken ct = default)
    {
        var story = await GetForEditAsync(caller, id, ct);
        if (story.Workflow is null) throw PlatformException.Conflict("这篇稿件没有发布流程。", "The story has no publication workflow.");
        return await workflows.FireAsync(story.Workflow.Id, transition, caller, expectedRevision, comment, ct);
    }

    private static void CheckNarrator(Story input)
    {
        if (string.IsNullOrWhiteSpace(input.VeteranId) || string.IsNullOrWhiteSpace(input.NarratorName))
            throw PlatformException.Invalid("请填写讲述人：军休干部编号和公开署名。", "Enter the narrator: veteran id and public name.");
    }

    private async Task<Narrator> NarratorForAsync(string regionCode, Story input, CancellationToken ct)
    {
        var narrator = await db.Narrators.FirstOrDefaultAsync(n => n.VeteranId == input.VeteranId, ct);
        if (narrator is null)
        {
            narrator = new Narrator { RegionCode = regionCode, VeteranId = input.VeteranId, DisplayName = input.NarratorName, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.Narrators.Add(narrator);
        }
        else narrator.DisplayName = input.NarratorName;
        await db.SaveChangesAsync(ct);
        return narrator;
    }
}
