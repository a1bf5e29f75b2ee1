using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Core;
using Platform.Core.Modules;
using Platform.Core.Regions;

namespace Platform.Cms.Features;

/// <summary>What to do with a region's switch for a module.</summary>
public enum FeatureSwitch
{
    /// <summary>Switch on here (and below, unless a child overrides).</summary>
    On,
    /// <summary>Switch off here (and below, unless a child overrides).</summary>
    Off,
    /// <summary>Remove this region's own switch and follow the parent.</summary>
    Inherit,
}

public sealed record ModuleFeatureView(ModuleManifest Module, FeatureState State, bool HasOverride);

/// <summary>Reads and changes the per-region module switches, with dependency checks and an audit entry per change.</summary>
public sealed class FeatureService(CoreDbContext db, PlatformState state, ModuleCatalog catalog)
{
    private const string StateKey = "features";

    public async Task<IReadOnlyList<ModuleFeatureView>> ListAsync(string regionCode, CancellationToken ct = default)
    {
        var snapshot = await state.GetAsync(ct);
        if (!snapshot.ByCode.ContainsKey(regionCode)) throw Regions.RegionErrors.NotFound(regionCode);
        return catalog.Modules
            .Select(m =>
            {
                var s = FeatureResolver.Resolve(snapshot.ByCode, snapshot.Overrides, regionCode, m.Manifest.Id);
                return new ModuleFeatureView(m.Manifest, s, s.IsOverride(regionCode));
            })
            .ToList();
    }

    public async Task<FeatureState> SetAsync(string regionCode, string moduleId, FeatureSwitch change, string actor, CancellationToken ct = default)
    {
        var module = catalog.Find(moduleId)
            ?? throw PlatformException.NotFound($"未安装模块“{moduleId}”。", $"Module '{moduleId}' is not installed.");
        var result = await db.ChangeStateAsync(StateKey, async () =>
        {
            var regions = (await db.Regions.AsNoTracking().ToListAsync(ct)).Select(PlatformState.ToInfo).ToDictionary(r => r.Code);
            var region = regions.GetValueOrDefault(regionCode) ?? throw Regions.RegionErrors.NotFound(regionCode);
            var rows = await db.Features.ToListAsync(ct);
            var overrides = rows.ToDictionary(f => (f.RegionCode, f.ModuleId), f => f.Enabled);
            var before = FeatureResolver.Resolve(regions, overrides, regionCode, moduleId);

            var row = rows.FirstOrDefault(f => f.RegionCode == regionCode && f.ModuleId == moduleId);
            if (change == FeatureSwitch.Inherit) overrides.Remove((regionCode, moduleId));
            else overrides[(regionCode, moduleId)] = change == FeatureSwitch.On;

            var violations = FeatureResolver.FindViolations(regions, overrides, catalog, region);
            if (violations.Count > 0) throw Refusal(module.Manifest, change, violations);

            var after = FeatureResolver.Resolve(regions, overrides, regionCode, moduleId);
            var now = DateTime.UtcNow;
            if (change == FeatureSwitch.Inherit)
            {
                if (row is not null) db.Features.Remove(row);
            }
            else if (row is null)
            {
                db.Features.Add(new RegionFeature
                {
                    RegionCode = regionCode, ModuleId = moduleId, Enabled = change == FeatureSwitch.On,
                    UpdatedAt = now, UpdatedBy = actor,
                });
            }
            else
            {
                row.Enabled = change == FeatureSwitch.On;
                row.UpdatedAt = now;
                row.UpdatedBy = actor;
            }
            var action = change switch
            {
                FeatureSwitch.On => "feature.enable", FeatureSwitch.Off => "feature.disable", _ => "feature.inherit",
            };
            db.AddAudit(action, actor, regionCode, moduleId, Describe(before, regions), Describe(after, regions));
            return after;
        }, ct);
        state.Invalidate();
        return result;
    }

    public static string Describe(FeatureState s, IReadOnlyDictionary<string, RegionInfo> regions)
    {
        var onOff = s.Enabled ? "启用" : "停用";
        return s.SetAtRegion is null
            ? "停用（无设置）"
            : $"{onOff}（设于 {regions.GetValueOrDefault(s.SetAtRegion)?.Name ?? s.SetAtRegion} {s.SetAtRegion}）";
    }

    private static PlatformException Refusal(ModuleManifest module, FeatureSwitch change, IReadOnlyList<DependencyViolation> violations)
    {
        var first = violations[0];
        var places = string.Join("、", violations.Select(v => v.Region.Name).Distinct().Take(5));
        if (change == FeatureSwitch.On || first.Module.Id == module.Id)
        {
            var missing = string.Join("、", violations.Select(v => $"“{v.Dependency.NameZh}”").Distinct());
            var missingEn = string.Join(", ", violations.Select(v => v.Dependency.NameEn).Distinct());
            return PlatformException.Conflict(
                $"无法启用“{module.NameZh}”：它依赖的 {missing} 在 {places} 未启用。请先启用 {missing}。",
                $"Cannot enable '{module.NameEn}': it depends on {missingEn}, which is off in {places}. Enable {missingEn} first.");
        }
        var dependents = string.Join("、", violations.Select(v => $"“{v.Module.NameZh}”").Distinct());
        var dependentsEn = string.Join(", ", violations.Select(v => v.Module.NameEn).Distinct());
        return PlatformException.Conflict(
            $"无法停用“{module.NameZh}”：{dependents} 依赖它，并在 {places} 仍启用。请先停用 {dependents}。",
            $"Cannot disable '{module.NameEn}': {dependentsEn} depend on it and are on in {places}. Disable them first.");
    }
}
