using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Core.Workflows;

namespace Platform.Cms.Workflows;

/// <summary>
/// The customisation lists of variants already read (variants never change, so they are kept for the process's life),
/// and the definition new instances follow per workflow version and region, valid while the platform state version
/// (bumped by every customisation, region or feature change) is the one it was resolved at.
/// </summary>
public sealed class WorkflowVariantCache
{
    public ConcurrentDictionary<long, IReadOnlyList<WorkflowCustomisation>> Lists { get; } = new();

    public ConcurrentDictionary<(string Module, string Workflow, int Version, string Region), (long StateVersion, WorkflowDefinition Definition, long? VariantId)> NewInstances { get; } = new();
}

/// <summary>A region's change with where it comes from and whether the current definition still allows it.</summary>
public sealed record RegionCustomisation(WorkflowCustomisationRow Row, WorkflowCustomisation Change, bool Inherited, string? Refusal);

/// <summary>
/// The definition that applies: for a new instance, the current version with the customisations of its region and
/// the region's ancestors (ancestors first); for a running one, the version and customisations it started with.
/// </summary>
public sealed class WorkflowResolver(CoreDbContext db, WorkflowCatalog catalog, PlatformState state, WorkflowVariantCache cache, ILogger<WorkflowResolver> logger)
{
    /// <summary>The definition for a new instance in <paramref name="regionCode"/> and the variant recording its customisations.</summary>
    public async Task<(WorkflowDefinition Definition, long? VariantId)> ForNewInstanceAsync(WorkflowDefinition current, string regionCode, CancellationToken ct)
    {
        // Every start of a process asks this (a booking, a story); the answer changes only with the state version.
        var key = (current.ModuleId, current.Id, current.Version, regionCode);
        var stateVersion = (await state.GetAsync(ct)).Version;
        if (cache.NewInstances.TryGetValue(key, out var known) && known.StateVersion == stateVersion) return (known.Definition, known.VariantId);
        var resolved = await ResolveNewInstanceAsync(current, regionCode, ct);
        cache.NewInstances[key] = (stateVersion, resolved.Definition, resolved.VariantId);
        return resolved;
    }

    private async Task<(WorkflowDefinition Definition, long? VariantId)> ResolveNewInstanceAsync(WorkflowDefinition current, string regionCode, CancellationToken ct)
    {
        var changes = (await ForRegionAsync(current, regionCode, ct)).Where(c => c.Refusal is null).Select(c => c.Change).ToList();
        if (changes.Count == 0) return (current, null);
        var json = WorkflowCustomiser.Serialize(changes);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        var variant = await FindVariantAsync(current, hash, ct);
        if (variant is null)
        {
            try
            {
                variant = new WorkflowVariant { ModuleId = current.ModuleId, WorkflowId = current.Id, Version = current.Version, Hash = hash, Json = json };
                db.WorkflowVariants.Add(variant);
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // another request stored the same list in the same instant
                variant = await FindVariantAsync(current, hash, ct) ?? throw new InvalidOperationException("Workflow variant vanished.");
            }
        }
        cache.Lists.TryAdd(variant.Id, changes);
        return (WorkflowCustomiser.Apply(current, changes), variant.Id);
    }

    /// <summary>The definition a running instance follows, or null when its version is no longer shipped.</summary>
    public async Task<WorkflowDefinition?> ForInstanceAsync(WorkflowInstance instance, CancellationToken ct)
    {
        var shipped = catalog.Find(instance.ModuleId, instance.WorkflowId, instance.Version);
        if (shipped is null || instance.VariantId is not { } variantId) return shipped;
        if (!cache.Lists.TryGetValue(variantId, out var changes))
        {
            var json = await db.WorkflowVariants.AsNoTracking().Where(v => v.Id == variantId).Select(v => v.Json).FirstAsync(ct);
            changes = WorkflowCustomiser.Deserialize(json);
            cache.Lists.TryAdd(variantId, changes);
        }
        return WorkflowCustomiser.Apply(shipped, changes);
    }

    /// <summary>
    /// The changes that reach <paramref name="regionCode"/>: its ancestors' (inherited) then its own, each with the
    /// reason it no longer applies to <paramref name="current"/> (e.g. after a module upgrade), if any.
    /// </summary>
    public async Task<IReadOnlyList<RegionCustomisation>> ForRegionAsync(WorkflowDefinition current, string regionCode, CancellationToken ct)
    {
        var chain = Regions.RegionDirectory.Ancestry(await state.GetAsync(ct), regionCode).Select(r => r.Code).ToList();
        var rows = await db.WorkflowCustomisations.AsNoTracking()
            .Where(c => c.ModuleId == current.ModuleId && c.WorkflowId == current.Id && chain.Contains(c.RegionCode))
            .ToListAsync(ct);
        var result = new List<RegionCustomisation>();
        var applied = new List<WorkflowCustomisation>();
        foreach (var row in rows.OrderByDescending(r => chain.IndexOf(r.RegionCode)).ThenBy(r => r.Id))
        {
            var change = WorkflowCustomiser.DeserializeOne(row.Json);
            var refusal = WorkflowCustomiser.Refusal(current, applied, change);
            if (refusal is null) applied.Add(change);
            else logger.LogWarning("Customisation {Id} of {Module}/{Workflow} for {Region} no longer applies: {Reason}", row.Id, row.ModuleId, row.WorkflowId, row.RegionCode, refusal);
            result.Add(new RegionCustomisation(row, change, row.RegionCode != regionCode, refusal));
        }
        return result;
    }

    /// <summary>The current definition as it applies in <paramref name="regionCode"/> (for the admin's diagram).</summary>
    public async Task<WorkflowDefinition> EffectiveAsync(WorkflowDefinition current, string regionCode, CancellationToken ct) =>
        WorkflowCustomiser.Apply(current, (await ForRegionAsync(current, regionCode, ct)).Where(c => c.Refusal is null).Select(c => c.Change));

    private Task<WorkflowVariant?> FindVariantAsync(WorkflowDefinition d, string hash, CancellationToken ct) =>
        db.WorkflowVariants.AsNoTracking().FirstOrDefaultAsync(v => v.ModuleId == d.ModuleId && v.WorkflowId == d.Id && v.Version == d.Version && v.Hash == hash, ct);
}
