using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Cms.Admin;
using Platform.Cms.Data;
using Platform.Cms.Workflows;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Modules;
using Platform.Core.Text;
using Platform.Core.Workflows;

namespace Platform.Cms.Pages.Admin;

/// <summary>
/// Every installed process, and one drawn as a diagram with its transitions, as it applies in the selected region;
/// the region's bureau adds an approval step or changes a timeout where the definition allows it.
/// </summary>
public sealed partial class WorkflowDefinitionsModel(
    PlatformState state, IAccessScope access, WorkflowCatalog catalog, ModuleCatalog modules, WorkflowResolver resolver, WorkflowCustomisations customisations)
    : AdminPageModel(state, access)
{
    public IReadOnlyList<WorkflowDefinition> Definitions => catalog.All;
    public WorkflowDefinition? Selected { get; private set; }
    public WorkflowDefinition? Effective { get; private set; }
    public IReadOnlyList<RegionCustomisation> Changes { get; private set; } = [];
    public bool MayCustomise { get; private set; }
    public IReadOnlyList<PermissionDescriptor> Permissions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? module, string? id)
    {
        await LoadRegionAsync();
        if (module is null || id is null) return Page();
        Selected = catalog.Find(module, id);
        if (Selected is null) return NotFound();
        Effective = Selected;
        Permissions = modules.Find(module)?.Permissions ?? [];
        if (Region is not null)
        {
            Changes = await resolver.ForRegionAsync(Selected, Region.Code, HttpContext.RequestAborted);
            Effective = await resolver.EffectiveAsync(Selected, Region.Code, HttpContext.RequestAborted);
            MayCustomise = await customisations.MayCustomiseAsync(User, Region.Code, HttpContext.RequestAborted);
        }
        return Page();
    }

    public Task<IActionResult> OnPostStepAsync(string module, string id, string before, [SingleLine(64, Label = "步骤标识")] string name,
        [SingleLine(50, Label = "步骤名称")] string nameZh, [SingleLine(50, Label = "状态名称")] string stateZh, string permission) =>
        ChangeAsync(module, id, () => new ExtraStep(before ?? "", (name ?? "").Trim(), (nameZh ?? "").Trim(), (stateZh ?? "").Trim(), permission ?? ""));

    public Task<IActionResult> OnPostTimeoutAsync(string module, string id, string target, string after) =>
        ChangeAsync(module, id, () =>
        {
            var parts = (target ?? "").Split('|');
            var match = Duration().Match((after ?? "").Trim());
            if (parts.Length != 2 || !match.Success)
                throw PlatformException.Invalid("时限请写成 30m、48h 或 7d（分钟、小时、天）。", "Write the timeout as 30m, 48h or 7d.");
            var amount = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var span = match.Groups[2].Value switch { "m" => TimeSpan.FromMinutes(amount), "h" => TimeSpan.FromHours(amount), _ => TimeSpan.FromDays(amount) };
            return new TimeoutChange(parts[0], parts[1], span);
        });

    public async Task<IActionResult> OnPostRemoveAsync(string module, string id, long change)
    {
        var result = await OnGetAsync(module, id);
        if (result is not PageResult) return result;
        await TryAsync(() => customisations.RemoveAsync(User, change, HttpContext.RequestAborted), Bilingual.T("已删除；此后发起的流程不再包含该定制。", "Removed; processes started from now on no longer include it."));
        return await ReloadAsync(module, id);
    }

    private async Task<IActionResult> ChangeAsync(string module, string id, Func<WorkflowCustomisation> change)
    {
        var result = await OnGetAsync(module, id);
        if (result is not PageResult) return result;
        if (Region is null)
        {
            Error = Bilingual.T("请先选择地区。", "Choose a region first.");
            return Page();
        }
        var region = Region.Code;
        await TryAsync(() => customisations.AddAsync(User, module, id, region, change(), HttpContext.RequestAborted),
            Bilingual.T("已保存；本地区及下级地区此后发起的流程按新流程运行，进行中的不受影响。", "Saved; processes started from now on in this region and below follow it; running ones keep theirs."));
        return await ReloadAsync(module, id);
    }

    private async Task<IActionResult> ReloadAsync(string module, string id)
    {
        var (notice, error, status) = (Notice, Error, Response.StatusCode);
        var result = await OnGetAsync(module, id);
        (Notice, Error, Response.StatusCode) = (notice, error, status);
        return result;
    }

    [GeneratedRegex("^([1-9][0-9]{0,4})([mhd])$")]
    private static partial Regex Duration();
}
