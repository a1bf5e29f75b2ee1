using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Platform.Core.Access;
using Platform.Core.Text;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features.Registry;
using Platform.Modules.Veterans.Sensitive;

namespace Platform.Modules.Veterans.Features.Excel;

/// <summary>
/// Exports the registry of a region subtree, filtered by key groups, as .xlsx (streamed row by row). Phones, address
/// and ID number are included only for bureau administrators, and each exported record gets an access-log row;
/// health notes are never exported. Cells that a spreadsheet would take for a formula are written as text
/// (<see cref="SpreadsheetCells"/>); the import reads them back unchanged.
/// </summary>
public sealed class RegistryExport(VeteranAccess access, VeteranRegistry registry, SensitiveAccessLog accessLog, IAccessScope scope)
{
    public async Task<string> ExportAsync(ClaimsPrincipal user, RegistryFilter filter, CancellationToken ct = default)
    {
        var regions = await access.SubtreeAsync(user, filter.RegionCode, ct);
        await access.EnsureAsync(user, VeteranPermissions.Read, filter.RegionCode, ct);
        var sensitive = GrantClaim.IsPlatformAdmin(user) || await scope.HoldsRoleOverAsync(user, [PlatformRoles.BureauAdmin], filter.RegionCode, ct);
        var homes = await access.InstitutionLimitAsync(user, filter.RegionCode, ct);
        var query = registry.Filter(regions, filter, homes, user.Identity?.Name).OrderBy(v => v.RegionCode).ThenBy(v => v.Id);
        var exported = new List<long>();
        var path = Path.Combine(Path.GetTempPath(), $"veterans-export-{Guid.NewGuid():N}.xlsx");
        var rows = query.AsEnumerable().Select(v =>
        {
            exported.Add(v.Id);
            return SpreadsheetCells.Safe(Row(v, sensitive));
        });
        MiniExcel.SaveAs(path, rows, sheetName: "名册");
        if (sensitive && exported.Count > 0)
        {
            foreach (var chunk in exported.Chunk(5000))
                await accessLog.WriteAsync(VeteranRegistry.Actor(user), chunk, string.Join(",", SensitiveFields.Phones, SensitiveFields.Address, SensitiveFields.IdNumber), "export", ct);
        }
        return path;
    }

    private static Dictionary<string, object?> Row(Veteran v, bool sensitive) => new()
    {
        [RegistryColumns.Name] = v.Name,
        [RegistryColumns.Sex] = Labels.Sexes[v.Sex],
        [RegistryColumns.BirthDate] = VeteranForm.Date(v.BirthDate),
        [RegistryColumns.IdNumber] = sensitive ? v.IdNumber : Mask.IdNumber(v.IdNumber),
        [RegistryColumns.Region] = v.RegionCode,
        [RegistryColumns.Address] = sensitive ? v.Address : Mask.Address(v.Address),
        [RegistryColumns.Phone] = sensitive ? v.Phone : Mask.Phone(v.Phone),
        [RegistryColumns.Phone2] = sensitive ? v.Phone2 : Mask.Phone(v.Phone2),
        [RegistryColumns.Rank] = Labels.Ranks[v.RankBand],
        [RegistryColumns.Retired] = VeteranForm.Date(v.RetirementDate),
        [RegistryColumns.Institution] = v.InstitutionId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [RegistryColumns.Living] = Labels.Livings[v.Living],
        [RegistryColumns.Kind] = Labels.Kinds[v.Kind],
        [RegistryColumns.Disabled] = v.KeyGroups.HasFlag(Contracts.KeyGroups.Disabled) ? "是" : "否",
        [RegistryColumns.Impaired] = v.KeyGroups.HasFlag(Contracts.KeyGroups.CognitivelyImpaired) ? "是" : "否",
        [RegistryColumns.Alone] = v.KeyGroups.HasFlag(Contracts.KeyGroups.LivingAlone) ? "是" : "否",
        [RegistryColumns.EmptyNest] = v.KeyGroups.HasFlag(Contracts.KeyGroups.EmptyNest) ? "是" : "否",
        [RegistryColumns.Deceased] = VeteranForm.Date(v.DeceasedDate),
    };

    /// <summary>The empty template: the header row on the first sheet, the rules on the second.</summary>
    public static string Template()
    {
        var path = Path.Combine(Path.GetTempPath(), $"veterans-template-{Guid.NewGuid():N}.xlsx");
        var table = new System.Data.DataTable("名册");
        foreach (var column in RegistryColumns.All) table.Columns.Add(column, typeof(string));
        var help = RegistryColumns.Help
            .Select(h => SpreadsheetCells.Safe(new Dictionary<string, object?> { ["列"] = h.Column, ["填写要求"] = h.Rule })).ToList();
        MiniExcel.SaveAs(path, new Dictionary<string, object> { ["名册"] = table, ["填写说明"] = help });
        return path;
    }
}
