using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features.Excel;
using Platform.Testing;

namespace Platform.Veterans.Tests;

/// <summary>Excel in and out: all or nothing with row-by-row Chinese errors, and exports that keep to region and key groups.</summary>
public abstract partial class ImportExportTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private static Dictionary<string, object?> Row(string name, string region, string idNumber, string sex = "男", string birth = "1941-07-01",
        string rank = "团级", string alone = "否") => new()
    {
        ["姓名"] = name, ["性别"] = sex, ["出生日期"] = birth, ["身份证号"] = idNumber, ["地区代码"] = region, ["住址"] = "测试路 8 号",
        ["电话"] = "13800001111", ["职级"] = rank, ["居住方式"] = "分散居住", ["类别"] = "军休干部", ["独居"] = alone, ["健康备注"] = "血压偏高",
        ["家属姓名"] = name + "之女", ["家属关系"] = "女儿", ["家属电话"] = "13700002222",
    };

    private static byte[] Workbook(IEnumerable<Dictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows);
        return stream.ToArray();
    }

    private async Task<(HttpStatusCode Status, string Page, ImportJob? Job)> UploadAsync(HttpClient browser, byte[] file, string fileName = "名册.xlsx")
    {
        var form = await browser.GetStringAsync("/admin/veterans/import?region=511000");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(form).Groups[1].Value);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(file), "file", fileName },
        };
        var response = await browser.PostAsync("/admin/veterans/import?region=511000", content);
        if (response.StatusCode != HttpStatusCode.Redirect) return (response.StatusCode, await response.Content.ReadAsStringAsync(), null);
        var jobId = response.Headers.Location!.OriginalString.Split("job=")[1];
        await host.Services.GetRequiredService<ImportRunner>().WaitAsync(jobId);
        var page = await browser.GetStringAsync(response.Headers.Location.OriginalString);
        return (response.StatusCode, page, await host.DbAsync(db => db.ImportJobs.SingleAsync(j => j.Id == jobId)));
    }

    [Fact]
    public async Task A_valid_file_is_imported_with_households_and_encrypted_notes()
    {
        var sichuan = await host.CreateAdminAsync("sichuan");
        var (_, page, job) = await UploadAsync(sichuan, Workbook([Row("导入甲", "511024", "511024194107010013"), Row("导入乙", "511024", "511024194107010021", alone: "是"), Row("导入丙", "511083", "")]));
        Assert.Equal(ImportState.Done, job!.State);
        Assert.Equal(3, job.Imported);
        Assert.Contains("id=\"imported\">3<", page, StringComparison.Ordinal);
        var imported = await host.DbAsync(db => db.Veterans.Where(v => v.Name.StartsWith("导入")).OrderBy(v => v.Name).ToListAsync());
        Assert.Equal(3, imported.Count);
        Assert.Equal(["导入丙", "导入乙", "导入甲"], imported.Select(v => v.Name).Order(StringComparer.Ordinal).ToList());
        Assert.Contains(imported, v => v.Name == "导入乙" && v.KeyGroups == Platform.Modules.Veterans.Contracts.KeyGroups.LivingAlone);
        Assert.All(imported, v => Assert.NotNull(v.HealthNotes));
        var ids = imported.Select(v => v.Id).ToList();
        Assert.Equal(3, await host.DbAsync(db => db.Contacts.CountAsync(c => ids.Contains(c.VeteranId) && c.Relation == "女儿")));
    }

    [Fact]
    public async Task A_file_with_bad_rows_is_refused_whole_with_each_rows_error_in_Chinese()
    {
        var sichuan = await host.CreateAdminAsync("sichuan");
        var before = await host.DbAsync(db => db.Veterans.CountAsync());
        var (_, page, job) = await UploadAsync(sichuan, Workbook(
        [
            Row("坏行甲", "511024", "511024194107010039"),
            Row("坏行乙", "511024", "511024194107010047", sex: "未知"),
            Row("坏行丙", "511024", "", birth: "1941-13-45"),
            Row("坏行丁", "330102", ""),
            Row("坏行戊", "511024", "", rank: "将军"),
            Row("坏行己", "511024", "511024194107010039"),
        ]));
        Assert.Equal(ImportState.Refused, job!.State);
        Assert.Equal(before, await host.DbAsync(db => db.Veterans.CountAsync()));
        Assert.Equal(0, await host.DbAsync(db => db.Veterans.CountAsync(v => v.Name.StartsWith("坏行"))));
        Assert.Contains("第 3 行：性别请填写“男”或“女”。", page, StringComparison.Ordinal);
        Assert.Contains("第 4 行：出生日期“1941-13-45”无法识别", page, StringComparison.Ordinal);
        Assert.Contains("第 5 行：地区代码 330102 不在您本次导入的地区范围内。", page, StringComparison.Ordinal);
        Assert.Contains("第 6 行：职级请填写", page, StringComparison.Ordinal);
        Assert.Contains("第 7 行：身份证号与第 2 行重复。", page, StringComparison.Ordinal);
        Assert.DoesNotContain("第 2 行", job.Errors!.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("一行也不导入", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_spreadsheet_or_lacks_columns_is_refused_with_a_clear_message()
    {
        var sichuan = await host.CreateAdminAsync("sichuan");
        var jobs = await host.DbAsync(db => db.ImportJobs.CountAsync());
        var (status, page, job) = await UploadAsync(sichuan, "not a workbook"u8.ToArray());
        Assert.Equal((HttpStatusCode.BadRequest, null), (status, job)); // refused at the upload: no job is started
        Assert.Contains("文件无法读取", page, StringComparison.Ordinal);
        Assert.Equal(jobs, await host.DbAsync(db => db.ImportJobs.CountAsync()));

        (_, page, job) = await UploadAsync(sichuan, Workbook([new() { ["名字"] = "张三" }]));
        Assert.Equal(ImportState.Refused, job!.State);
        Assert.Contains("缺少列 姓名、性别、出生日期、地区代码、职级", page, StringComparison.Ordinal);

        (status, var wrongType, _) = await UploadAsync(sichuan, Workbook([Row("甲", "511024", "")]), "名册.csv");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("请选择用模板填写的 .xlsx 文件", wrongType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_keeps_to_the_region_and_key_groups_and_the_template_has_every_column()
    {
        var sichuan = await host.CreateAdminAsync("sichuan");
        var response = await sichuan.GetAsync("/admin/veterans/export.xlsx?region=511000&groups=LivingAlone&groups=Disabled");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var expected = await host.DbAsync(db => db.Veterans.CountAsync(v => v.RegionCode.StartsWith("5110") && v.DeceasedDate == null
            && (v.KeyGroups & (Platform.Modules.Veterans.Contracts.KeyGroups.LivingAlone | Platform.Modules.Veterans.Contracts.KeyGroups.Disabled)) != 0));
        Assert.True(expected > 0);
        Assert.Equal(expected, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.StartsWith("5110", (string)r["地区代码"]!, StringComparison.Ordinal);
            Assert.True((string?)r["独居"] == "是" || (string?)r["失能"] == "是");
        });
        Assert.Contains(await host.DbAsync(db => db.AccessLog.Select(a => a.Channel).ToListAsync()), c => c == "export");

        var template = await sichuan.GetAsync("/admin/veterans/template.xlsx?region=511000");
        using var templateStream = new MemoryStream(await template.Content.ReadAsByteArrayAsync());
        var headers = templateStream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().First().Values.Select(v => v?.ToString()).ToList();
        Assert.Equal(RegistryColumns.All, headers);
    }

    [Fact]
    public async Task A_shared_string_longer_than_a_cell_ends_the_job_as_failed_with_a_Chinese_message()
    {
        // Over 5 MB of shared strings makes the reader spill them to disk, which refuses one over 32,767 characters.
        var strings = new List<string> { "姓名", "性别", "出生日期", "地区代码", "职级", "健康备注", "超长甲", new string('长', 40_000) };
        strings.AddRange(Enumerable.Range(0, 200).Select(i => new string((char)('a' + (i % 26)), 30_000)));
        var file = CraftedWorkbook.Build("A1:F2",
        [
            CraftedWorkbook.Row(1, Enumerable.Range(0, 6).Select(i => CraftedWorkbook.Shared($"{(char)('A' + i)}1", i)).ToArray()),
            CraftedWorkbook.Row(2, CraftedWorkbook.Shared("A2", 6), CraftedWorkbook.Text("B2", "男"),
                CraftedWorkbook.Text("C2", "1940-01-01"), CraftedWorkbook.Text("D2", "511024"), CraftedWorkbook.Text("E2", "团级"),
                CraftedWorkbook.Shared("F2", 7)),
        ], strings);
        var (_, page, job) = await UploadAsync(await host.CreateAdminAsync("sichuan"), file);
        Assert.Equal(ImportState.Failed, job!.State);
        Assert.NotNull(job.FinishedAt);
        Assert.Contains("32,767", job.Errors, StringComparison.Ordinal);
        Assert.Contains("超过 Excel 允许的 32,767 个字符", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sheet_declaring_a_cell_at_XFD1048576_is_refused_at_the_upload_in_Chinese()
    {
        var sichuan = await host.CreateAdminAsync("sichuan");
        var jobs = await host.DbAsync(db => db.ImportJobs.CountAsync());
        var file = CraftedWorkbook.Build("A1:XFD1048576",
            [CraftedWorkbook.Headers(), CraftedWorkbook.Row(1_048_576, CraftedWorkbook.Text("XFD1048576", "x"))]);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (status, page, job) = await UploadAsync(sichuan, file);
        Assert.Equal((HttpStatusCode.BadRequest, null), (status, job));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
        Assert.Contains("1,048,576 行、16,384 列", page, StringComparison.Ordinal);
        Assert.Contains($"{WorkbookBounds.MaxRows:N0} 行数据", page, StringComparison.Ordinal);
        Assert.Equal(jobs, await host.DbAsync(db => db.ImportJobs.CountAsync()));
    }

    [Fact]
    public async Task A_sheet_without_a_dimension_stops_at_the_row_bound_instead_of_reading_a_million_empty_rows()
    {
        var file = Path.Combine(host.DataPath, "far-row.xlsx");
        await File.WriteAllBytesAsync(file, CraftedWorkbook.Build(null,
            [CraftedWorkbook.Headers(), CraftedWorkbook.Row(1_048_576, CraftedWorkbook.Text("A1048576", "远行"))]));
        Assert.Null(WorkbookBounds.Check(file)); // nothing declared: only the read itself can bound it
        var jobId = RegistryImport.NewJobId();
        await host.DbAsync(async db =>
        {
            db.ImportJobs.Add(new ImportJob
            {
                Id = jobId, RegionCode = "511000", Actor = "sichuan", FileName = "far-row.xlsx", CreatedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        await host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<RegistryImport>().RunAsync(jobId, file, new HashSet<string> { "511024" });
            return 0;
        });
        var job = await host.DbAsync(db => db.ImportJobs.SingleAsync(j => j.Id == jobId));
        Assert.Equal(ImportState.Refused, job.State);
        Assert.Contains($"超过一次导入的上限（{WorkbookBounds.MaxRows:N0} 行数据）", job.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Formula_like_cells_export_as_text_and_an_import_of_the_export_brings_them_back_unchanged()
    {
        const string Name = "=HYPERLINK(\"x\")", Address = "@SUM(1+1)";
        var admin = await host.CreateAdminAsync();
        var region = new { code = "511910", parentCode = "511000", name = "导出检查区", slug = "export-check" };
        (await admin.PostAsJsonAsync("/api/v1/regions", region)).EnsureSuccessStatusCode();
        var sichuan = await host.CreateAdminAsync("sichuan");
        var first = Row(Name, "511910", "");
        first["住址"] = Address;
        var (_, _, imported) = await UploadAsync(sichuan, Workbook([first]));
        Assert.Equal(ImportState.Done, imported!.State);

        var export = await sichuan.GetByteArrayAsync("/admin/veterans/export.xlsx?region=511910");
        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(export)))
        {
            using var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
            var xml = await sheet.ReadToEndAsync();
            Assert.DoesNotMatch("<(x:)?f[ >]", xml); // no cell is a formula
        }
        using (var stream = new MemoryStream(export))
        {
            var row = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().Single();
            Assert.Equal("'" + Name, row["姓名"]);
            Assert.Equal("'" + Address, row["住址"]);
        }

        var (_, _, again) = await UploadAsync(sichuan, export, "导出.xlsx");
        Assert.Equal((ImportState.Done, 1), (again!.State, again.Imported));
        var people = await host.DbAsync(db => db.Veterans.Where(v => v.RegionCode == "511910")
            .Select(v => new { v.Name, v.Address }).ToListAsync());
        Assert.Equal(2, people.Count);
        Assert.All(people, p => Assert.Equal((Name, Address), (p.Name, p.Address)));
    }

    [Fact]
    public async Task A_large_import_reports_its_progress_as_it_checks_and_writes()
    {
        const int rows = 9_000;
        var file = Path.Combine(host.DataPath, "progress.xlsx");
        await File.WriteAllBytesAsync(file, Workbook(Enumerable.Range(0, rows).Select(i =>
            Row("进度" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), "511025", $"511025194107{i:D5}9"))));
        var jobId = RegistryImport.NewJobId();
        await host.DbAsync(async db =>
        {
            db.ImportJobs.Add(new ImportJob { Id = jobId, RegionCode = "511000", Actor = "sichuan", FileName = "progress.xlsx", CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var checkedSoFar = new List<int>();
        var written = new Recorder();
        await host.InScopeAsync(async sp =>
        {
            var import = sp.GetRequiredService<RegistryImport>();
            import.Checked += (_, n) => checkedSoFar.Add(n);
            await import.RunAsync(jobId, file, new HashSet<string> { "511025" }, written);
            return 0;
        });
        Assert.Equal([4_000, 8_000, 9_000], checkedSoFar);
        Assert.Equal([4_000, 8_000, 9_000], written.Values);
        var job = await host.DbAsync(db => db.ImportJobs.SingleAsync(j => j.Id == jobId));
        Assert.Equal((ImportState.Done, rows, rows, rows), (job.State, job.Total, job.Processed, job.Imported));
    }

    private sealed class Recorder : IProgress<int>
    {
        public List<int> Values { get; } = [];
        public void Report(int value) => Values.Add(value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

public sealed class ImportExportTests_Sqlite(SqliteHost host) : ImportExportTests<SqliteHost>(host);

public sealed class ImportExportTests_Postgres(PostgresHost host) : ImportExportTests<PostgresHost>(host);
