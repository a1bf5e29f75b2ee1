using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Modules;
using Platform.Core.Workflows;

namespace Platform.Cms.Workflows;

/// <summary>
/// Bureaus change a process for their subtree: an extra approval step or a different timeout, only where the
/// definition allows it. Each change is checked against the definition as the region already has it, audited, and
/// applies to instances started afterwards; running instances keep what they started with.
/// </summary>
public sealed class WorkflowCustomisations(
    CoreDbContext db, WorkflowCatalog catalog, ModuleCatalog modules, WorkflowResolver resolver, IAccessScope access, PlatformState state, TimeProvider clock)
{
    /// <summary>The state version a change bumps: nodes renew their cached definitions for new instances (<see cref="WorkflowResolver"/>).</summary>
    public const string StateKey = "workflows";

    /// <summary>Adds <paramref name="change"/> for <paramref name="regionCode"/>'s subtree.</summary>
    public async Task<WorkflowCustomisationRow> AddAsync(ClaimsPrincipal caller, string moduleId, string workflowId, string regionCode, WorkflowCustomisation change, CancellationToken ct = default)
    {
        var current = await EnsureMayCustomiseAsync(caller, moduleId, workflowId, regionCode, ct);
        if (change is ExtraStep step && modules.Find(moduleId)?.Permissions.All(p => p.Name != step.Permission) != false)
            throw PlatformException.Invalid($"权限“{step.Permission}”不是模块 {moduleId} 声明的权限。", $"'{step.Permission}' is not a permission of {moduleId}.");
        var before = (await resolver.ForRegionAsync(current, regionCode, ct)).Where(c => c.Refusal is null).Select(c => c.Change).ToList();
        if (WorkflowCustomiser.Refusal(current, before, change) is { } refusal)
            throw PlatformException.Invalid(refusal, refusal);
        var actor = caller.Identity?.Name ?? "anonymous";
        var row = new WorkflowCustomisationRow
        {
            ModuleId = moduleId, WorkflowId = workflowId, RegionCode = regionCode, Json = WorkflowCustomiser.SerializeOne(change),
            BasedOnVersion = current.Version, CreatedBy = actor, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await db.ChangeStateAsync(StateKey, () =>
        {
            db.WorkflowCustomisations.Add(row);
            db.AddAudit("workflow.customise", actor, regionCode, moduleId, null, $"{workflowId}：{change.DescribeZh(current)}");
            return Task.FromResult(row);
        }, ct);
        state.Invalidate();
        return row;
    }

    /// <summary>Removes one of the region's own changes (an inherited one is removed where it was made).</summary>
    public async Task RemoveAsync(ClaimsPrincipal caller, long id, CancellationToken ct = default)
    {
        var row = await db.WorkflowCustomisations.FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw PlatformException.NotFound("未找到该定制。", "No such customisation.");
        var current = await EnsureMayCustomiseAsync(caller, row.ModuleId, row.WorkflowId, row.RegionCode, ct);
        await db.ChangeStateAsync(StateKey, () =>
        {
            db.WorkflowCustomisations.Remove(row);
            db.AddAudit("workflow.customise-removed", caller.Identity?.Name ?? "anonymous", row.RegionCode, row.ModuleId,
                $"{row.WorkflowId}：{WorkflowCustomiser.DeserializeOne(row.Json).DescribeZh(current)}", null);
            return Task.FromResult(row);
        }, ct);
        state.Invalidate();
    }

    /// <summary>Whether the caller may change processes for the region: platform admins, and bureau admins over it.</summary>
    public async Task<bool> MayCustomiseAsync(ClaimsPrincipal caller, string regionCode, CancellationToken ct = default) =>
        GrantClaim.IsPlatformAdmin(caller) || await access.HoldsRoleOverAsync(caller, [PlatformRoles.BureauAdmin], regionCode, ct);

    private async Task<WorkflowDefinition> EnsureMayCustomiseAsync(ClaimsPrincipal caller, string moduleId, string workflowId, string regionCode, CancellationToken ct)
    {
        await access.EnsureAsync(caller, regionCode, write: true, ct);
        if (!await MayCustomiseAsync(caller, regionCode, ct))
            throw new PlatformException(403, "只有该地区的局管理员可以定制流程。", "Only the region's bureau administrators may customise processes.");
        return catalog.Find(moduleId, workflowId)
            ?? throw PlatformException.NotFound($"模块 {moduleId} 没有流程“{workflowId}”。", $"Module {moduleId} has no workflow '{workflowId}'.");
    }
}
