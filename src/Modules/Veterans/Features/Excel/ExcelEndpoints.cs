using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Core;
using Platform.Modules.Veterans.Features.Registry;

namespace Platform.Modules.Veterans.Features.Excel;

/// <summary>Spreadsheet downloads in the admin: the template and the filtered export.</summary>
public static class ExcelEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/template.xlsx", Template).WithName("VeteransTemplate").AddEndpointFilter<PlatformExceptionFilter>();
        admin.MapGet("/export.xlsx", Export).WithName("VeteransExport").AddEndpointFilter<PlatformExceptionFilter>();
    }

    private static async Task<IResult> Template(string? region, HttpContext http, VeteranAccess access)
    {
        await access.EnsureAsync(http.User, VeteranPermissions.Write, region ?? RegionOf(http), http.RequestAborted);
        return TypedResults.File(TempFile(RegistryExport.Template()), Xlsx, "军休干部名册导入模板.xlsx");
    }

    private static async Task<IResult> Export(string? region, string? groups, bool? deceased, HttpContext http, RegistryExport export)
    {
        var filter = new RegistryFilter(region ?? RegionOf(http), VeteransApi.ParseGroups(groups), IncludeDeceased: deceased == true);
        var path = await export.ExportAsync(http.User, filter, http.RequestAborted);
        return TypedResults.File(TempFile(path), Xlsx, $"军休干部名册-{filter.RegionCode}.xlsx");
    }

    /// <summary>The admin's selected region when the address names none (the host keeps it in a cookie).</summary>
    private static string RegionOf(HttpContext http) =>
        http.Request.Cookies.TryGetValue(AdminRegionCookie.Name, out var code) && !string.IsNullOrEmpty(code)
            ? code
            : throw PlatformException.Invalid("请先在页面顶部选择地区。", "Pick a region first.");

    private static FileStream TempFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}

/// <summary>The host's "selected region" cookie, read the same way the host's feature gate reads it.</summary>
public static class AdminRegionCookie
{
    public const string Name = Platform.Core.Modules.ModulePageModel.RegionCookie;
}
