using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Core;
using Platform.Core.Regions;
using Platform.Core.Text;

namespace Platform.Cms.Regions;

public sealed record RegionInput(
    [SingleLine(12, Label = "行政区划代码")] string Code, [SingleLine(12, Label = "上级代码")] string? ParentCode,
    [SingleLine(50, Label = "名称")] string Name, [SingleLine(64, Label = "网址名")] string Slug);

/// <summary>Creates, renames, moves, archives and deletes regions; every change is audited.</summary>
public sealed partial class RegionService(CoreDbContext db, PlatformState state, IEnumerable<IRegionUsage> usages)
{
    private const string StateKey = "regions";

    public async Task<RegionInfo> CreateAsync(RegionInput input, string actor, CancellationToken ct = default)
    {
        var code = (input.Code ?? "").Trim();
        if (!CodePattern().IsMatch(code))
            throw PlatformException.Invalid(
                $"行政区划代码“{code}”无效：须为 6 位数字（GB/T 2260），例如 511000。",
                $"Region code '{code}' is invalid: use six digits (GB/T 2260), e.g. 511000.");
        var name = ValidName(input.Name);
        var slug = ValidSlug(input.Slug);

        var created = await db.ChangeStateAsync(StateKey, async () =>
        {
            var existing = await db.Regions.FindAsync([code], ct);
            if (existing is not null)
                throw PlatformException.Conflict($"代码 {code} 已被“{existing.Name}”使用。", $"Code {code} is already used by '{existing.Name}'.");
            var parent = string.IsNullOrWhiteSpace(input.ParentCode) ? null : await FindAsync(input.ParentCode.Trim(), ct);
            if (parent is { Archived: true })
                throw PlatformException.Conflict($"上级“{parent.Name}”已归档，不能在其下新建。", $"Parent '{parent.Name}' is archived.");
            var level = (parent?.Level ?? 0) + 1;
            if (level > (int)RegionLevel.County)
                throw PlatformException.Invalid(
                    $"“{parent!.Name}”是县级行政区划，其下不能再建下级。", $"'{parent!.Name}' is a county; it cannot have children.");
            await EnsureSlugFreeAsync(parent?.Code, slug, null, ct);
            var now = DateTime.UtcNow;
            var region = new Region
            {
                Code = code, ParentCode = parent?.Code, Name = name, Slug = slug, Level = level,
                Path = (parent?.Path ?? "/") + code + "/", CreatedAt = now, UpdatedAt = now,
            };
            db.Regions.Add(region);
            db.AddAudit("region.create", actor, code, null, null, $"{name}（上级 {parent?.Code ?? "无"}）");
            return region;
        }, ct);
        state.Invalidate();
        return PlatformState.ToInfo(created);
    }

    public async Task<RegionInfo> RenameAsync(string code, string name, string? slug, string actor, CancellationToken ct = default)
    {
        var newName = ValidName(name);
        var renamed = await db.ChangeStateAsync(StateKey, async () =>
        {
            var region = await FindAsync(code, ct);
            var newSlug = string.IsNullOrWhiteSpace(slug) ? region.Slug : ValidSlug(slug);
            if (newSlug != region.Slug) await EnsureSlugFreeAsync(region.ParentCode, newSlug, region.Code, ct);
            db.AddAudit("region.rename", actor, code, null, $"{region.Name} ({region.Slug})", $"{newName} ({newSlug})");
            region.Name = newName;
            region.Slug = newSlug;
            region.UpdatedAt = DateTime.UtcNow;
            return region;
        }, ct);
        state.Invalidate();
        return PlatformState.ToInfo(renamed);
    }

    public async Task<RegionInfo> MoveAsync(string code, string newParentCode, string actor, CancellationToken ct = default)
    {
        var moved = await db.ChangeStateAsync(StateKey, async () =>
        {
            var region = await FindAsync(code, ct);
            var parent = await FindAsync(newParentCode, ct);
            if (parent.Path.StartsWith(region.Path, StringComparison.Ordinal))
                throw PlatformException.Invalid(
                    $"不能把“{region.Name}”移到“{parent.Name}”之下：“{parent.Name}”是它自己或它的下级，这会形成循环。",
                    $"Cannot move '{region.Name}' under '{parent.Name}': that is the region itself or below it, which would make a cycle.");
            if (parent.Level != region.Level - 1)
                throw PlatformException.Invalid(
                    $"“{region.Name}”是{LevelName(region.Level)}，只能移到{LevelName(region.Level - 1)}之下；“{parent.Name}”是{LevelName(parent.Level)}。",
                    $"'{region.Name}' must sit directly under a level-{region.Level - 1} region; '{parent.Name}' is level {parent.Level}.");
            if (parent.Archived)
                throw PlatformException.Conflict($"目标上级“{parent.Name}”已归档。", $"Target parent '{parent.Name}' is archived.");
            await EnsureSlugFreeAsync(parent.Code, region.Slug, region.Code, ct);

            var oldPath = region.Path;
            var newPath = parent.Path + region.Code + "/";
            var subtree = await db.Regions.Where(r => r.Path.StartsWith(oldPath)).ToListAsync(ct);
            foreach (var r in subtree)
                r.Path = newPath + r.Path[oldPath.Length..];
            db.AddAudit("region.move", actor, code, null, region.ParentCode, parent.Code);
            region.ParentCode = parent.Code;
            region.UpdatedAt = DateTime.UtcNow;
            return region;
        }, ct);
        state.Invalidate();
        return PlatformState.ToInfo(moved);
    }

    public async Task<RegionInfo> SetArchivedAsync(string code, bool archived, string actor, CancellationToken ct = default)
    {
        var changed = await db.ChangeStateAsync(StateKey, async () =>
        {
            var region = await FindAsync(code, ct);
            if (archived)
            {
                var active = await db.Regions.Where(r => r.ParentCode == code && !r.Archived).Select(r => r.Name).ToListAsync(ct);
                if (active.Count > 0)
                    throw PlatformException.Conflict(
                        $"请先归档“{region.Name}”的下级：{string.Join("、", active)}。",
                        $"Archive the children of '{region.Name}' first: {string.Join(", ", active)}.");
            }
            else if (region.ParentCode is not null && (await FindAsync(region.ParentCode, ct)).Archived)
            {
                throw PlatformException.Conflict("请先恢复其上级行政区划。", "Restore the parent region first.");
            }
            db.AddAudit(archived ? "region.archive" : "region.restore", actor, code, null,
                region.Archived ? "已归档" : "使用中", archived ? "已归档" : "使用中");
            region.Archived = archived;
            region.UpdatedAt = DateTime.UtcNow;
            return region;
        }, ct);
        state.Invalidate();
        return PlatformState.ToInfo(changed);
    }

    /// <summary>Picks the public theme for a region and its subtree (null: follow the parent).</summary>
    public async Task SetThemeAsync(string code, string? theme, IReadOnlyCollection<string> installedThemes, string actor, CancellationToken ct = default)
    {
        var name = string.IsNullOrWhiteSpace(theme) ? null : theme.Trim();
        if (name is not null && !installedThemes.Contains(name))
            throw PlatformException.Invalid(
                $"没有名为“{name}”的主题。可选：{string.Join("、", installedThemes)}。",
                $"There is no theme '{name}'. Installed: {string.Join(", ", installedThemes)}.");
        await db.ChangeStateAsync(StateKey, async () =>
        {
            var region = await FindAsync(code, ct);
            db.AddAudit("region.theme", actor, code, null, region.Theme ?? "继承", name ?? "继承");
            region.Theme = name;
            region.UpdatedAt = DateTime.UtcNow;
            return region;
        }, ct);
        state.Invalidate();
    }

    /// <summary>Hard delete, allowed only while nothing refers to the region; otherwise archive it.</summary>
    public async Task DeleteAsync(string code, string actor, CancellationToken ct = default)
    {
        await db.ChangeStateAsync(StateKey, async () =>
        {
            var region = await FindAsync(code, ct);
            var references = await db.Regions.CountAsync(r => r.ParentCode == code, ct)
                + await db.Features.CountAsync(f => f.RegionCode == code, ct);
            foreach (var usage in usages)
                references += await usage.CountReferencesAsync(code, ct);
            if (references > 0)
                throw PlatformException.Conflict(
                    $"“{region.Name}”仍被 {references} 条记录引用（下级、模块开关或业务数据），不能删除；可改为归档。",
                    $"'{region.Name}' is still referred to by {references} records; archive it instead.");
            db.Regions.Remove(region);
            db.AddAudit("region.delete", actor, code, null, region.Name, null);
            return true;
        }, ct);
        state.Invalidate();
    }

    private async Task<Region> FindAsync(string code, CancellationToken ct) =>
        await db.Regions.FindAsync([code], ct) ?? throw RegionErrors.NotFound(code);

    private async Task EnsureSlugFreeAsync(string? parentCode, string slug, string? self, CancellationToken ct)
    {
        var clash = await db.Regions.FirstOrDefaultAsync(r => r.ParentCode == parentCode && r.Slug == slug && r.Code != self, ct);
        if (clash is not null)
            throw PlatformException.Conflict(
                $"同一上级下已有网址名“{slug}”（{clash.Name}），请换一个。", $"Slug '{slug}' is already used by '{clash.Name}' here.");
    }

    private static string ValidName(string? name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length is 0 or > 50)
            throw PlatformException.Invalid("请填写名称（1 到 50 个字）。", "Enter a name of 1 to 50 characters.");
        // Here too, not only at the request: recipes and imports create regions through this service.
        NameRule.Check(trimmed, "名称");
        return trimmed;
    }

    private static readonly TextRule NameRule = new(50, TextKind.SingleLine);

    private static string ValidSlug(string? slug)
    {
        var trimmed = (slug ?? "").Trim().ToLowerInvariant();
        if (!SlugPattern().IsMatch(trimmed))
            throw PlatformException.Invalid(
                $"网址名“{trimmed}”无效：只能用小写字母、数字和连字符，例如 neijiang。",
                $"Slug '{trimmed}' is invalid: use lower-case letters, digits and hyphens, e.g. neijiang.");
        return trimmed;
    }

    public static string LevelName(int level) => level switch
    {
        1 => "省级", 2 => "地市级", 3 => "县级", _ => "未知级别",
    };

    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex SlugPattern();
}
