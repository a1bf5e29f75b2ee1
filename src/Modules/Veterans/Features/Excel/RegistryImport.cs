using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Platform.Core.Auditing;
using Platform.Core.Regions;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features.Registry;
using Platform.Modules.Veterans.Sensitive;

namespace Platform.Modules.Veterans.Features.Excel;

/// <summary>
/// Imports a registry spreadsheet all or nothing: every row is checked first (streamed, so a large file takes little
/// memory) and the errors reported row by row in Chinese; only a file without errors is written, in one transaction.
/// Progress is kept on the job row, which the import page shows.
/// </summary>
public sealed class RegistryImport(VeteransDbContext db, HealthNoteCipher cipher, IRegionDirectory regions, IAuditLog audit, TimeProvider clock)
{
    public const int MaxReportedErrors = 500;
    private const int Batch = 4000;

    /// <summary>The refusal for a file that is not a readable workbook.</summary>
    public const string Unreadable = "文件无法读取，请确认是用模板填写的 .xlsx 文件（不要加密或另存为其他格式）。";

    /// <summary>Raised each time the checked-row count (<see cref="ImportJob.Processed"/>) is saved for the page to show.</summary>
    public event EventHandler<int>? Checked;

    /// <param name="written">Told the number of rows written so far (the job row changes only at the commit).</param>
    public async Task RunAsync(string jobId, string path, IReadOnlySet<string> allowedRegions, IProgress<int>? written = null, CancellationToken ct = default)
    {
        var job = await db.ImportJobs.FirstAsync(j => j.Id == jobId, ct);
        try
        {
            var errors = WorkbookBounds.Check(path) is { } refusal ? [refusal] : await ValidateAsync(job, path, allowedRegions, ct);
            if (errors.Count > 0)
            {
                job.State = ImportState.Refused;
                job.Errors = string.Join("\n", errors);
            }
            else
            {
                job.State = ImportState.Writing;
                await db.SaveChangesAsync(ct);
                await WriteAsync(job, path, written, ct);
                job = await db.ImportJobs.FirstAsync(j => j.Id == jobId, ct);
                await audit.WriteAsync(new AuditEntry("veterans.import", job.Actor, job.RegionCode, VeteranAccess.ModuleId, null,
                    $"{job.FileName}: {job.Imported} 条"), ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever went wrong, the job ends and says so: a job left "checking" would wait forever.
            db.ChangeTracker.Clear();
            job = await db.ImportJobs.FirstAsync(j => j.Id == jobId, ct);
            job.State = ImportState.Failed;
            job.Errors = FailureText(ex);
        }
        job.FinishedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>What the person is told when an import stops: the file's fault where it is, else an error of ours.</summary>
    public static string FailureText(Exception ex) => ex switch
    {
        // MiniExcel refuses a shared string longer than a cell may hold (32,767 characters).
        ArgumentOutOfRangeException when ex.Message.Contains("32,767", StringComparison.Ordinal) =>
            "文件中有单元格的文字超过 Excel 允许的 32,767 个字符，无法读取。请找到并缩短该单元格（例如健康备注）后重新上传。",
        InvalidDataException or InvalidOperationException or FormatException or IOException or System.Xml.XmlException => Unreadable,
        _ => "导入时出错，未导入任何一行。请稍后重新上传；再次出现时请联系平台管理员。",
    };

    private async Task<List<string>> ValidateAsync(ImportJob job, string path, IReadOnlySet<string> allowedRegions, CancellationToken ct)
    {
        var errors = new List<string>();
        var errorCount = 0;
        var today = ChinaClock.Today(clock);
        var regionPaths = (await regions.AllAsync(ct)).ToDictionary(r => r.Code, r => r.Path, StringComparer.Ordinal);
        var institutionRegions = await db.Institutions.AsNoTracking().ToDictionaryAsync(i => i.Id, i => i.RegionCode, ct);
        var knownIds = (await db.Veterans.AsNoTracking().Where(v => v.IdNumber != null).Select(v => v.IdNumber!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var fileIds = new Dictionary<string, int>(StringComparer.Ordinal);

        void Error(int row, string message)
        {
            errorCount++;
            if (errors.Count < MaxReportedErrors) errors.Add($"第 {row} 行：{message}");
        }

        var rowNumber = 1; // the header row
        var headerChecked = false;
        foreach (IDictionary<string, object?> cells in MiniExcel.Query(path, useHeaderRow: true))
        {
            ct.ThrowIfCancellationRequested();
            rowNumber++;
            // The reader yields an empty row for every row number it skips, so this bounds a sheet without a dimension too.
            if (rowNumber - 1 > WorkbookBounds.MaxRows)
                return [$"第 {rowNumber} 行：表格超过一次导入的上限（{WorkbookBounds.MaxRows:N0} 行数据）。请删除多余的空行，或把名册分成几个文件分别导入。"];
            if (!headerChecked)
            {
                var missing = RegistryColumns.Required.Where(c => !cells.ContainsKey(c)).ToList();
                if (missing.Count > 0) return [$"第 1 行（表头）：缺少列 {string.Join("、", missing)}。请下载模板，按模板的表头填写。"];
                headerChecked = true;
            }
            string? Cell(string column) => cells.TryGetValue(column, out var v) ? RegistryColumns.Text(v) : null;
            if (RegistryColumns.All.All(c => Cell(c) is null)) continue; // an empty line between rows

            var form = RegistryColumns.ToForm(Cell);
            var region = form.RegionCode?.Trim() ?? "";
            var (values, rowErrors) = form.Validate(today, id =>
                institutionRegions.TryGetValue(id, out var home) && regionPaths.TryGetValue(home, out var homePath)
                && regionPaths.TryGetValue(region, out var rowPath) && rowPath.StartsWith(homePath, StringComparison.Ordinal));
            foreach (var e in rowErrors) Error(rowNumber, e);
            if (values is not null && !allowedRegions.Contains(values.RegionCode))
                Error(rowNumber, regionPaths.ContainsKey(values.RegionCode)
                    ? $"地区代码 {values.RegionCode} 不在您本次导入的地区范围内。"
                    : $"地区代码 {values.RegionCode} 不存在，请核对。");
            if (values?.IdNumber is { } idNumber)
            {
                if (knownIds.Contains(idNumber)) Error(rowNumber, $"身份证号 {Mask.IdNumber(idNumber)} 已登记在名册中，不能重复登记。");
                else if (fileIds.TryGetValue(idNumber, out var first)) Error(rowNumber, $"身份证号与第 {first} 行重复。");
                else fileIds[idNumber] = rowNumber;
            }
            if (Cell(RegistryColumns.HouseholdName) is not null && Cell(RegistryColumns.HouseholdRelation) is null)
                Error(rowNumber, "填写了家属姓名，请同时填写家属关系（如 配偶、儿子）。");

            job.Processed++;
            if (job.Processed % Batch == 0) await SaveProgressAsync(job, ct);
        }
        if (!headerChecked) return ["文件中没有数据行。请在模板的第 2 行起填写。"];
        job.Total = job.Processed;
        if (errorCount > errors.Count) errors.Add($"……共 {errorCount} 处错误，只列出前 {MaxReportedErrors} 处。");
        await SaveProgressAsync(job, ct);
        return errors;
    }

    private async Task WriteAsync(ImportJob job, string path, IProgress<int>? progress, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaClock.Today(clock);
        var (jobId, actor) = (job.Id, job.Actor);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var pending = new List<(Veteran Veteran, HouseholdContact? Member)>(Batch);
        var written = 0;
        foreach (IDictionary<string, object?> cells in MiniExcel.Query(path, useHeaderRow: true))
        {
            string? Cell(string column) => cells.TryGetValue(column, out var v) ? RegistryColumns.Text(v) : null;
            if (RegistryColumns.All.All(c => Cell(c) is null)) continue;
            var (values, _) = RegistryColumns.ToForm(Cell).Validate(today, _ => true);
            var veteran = new Veteran { Name = values!.Name, RegionCode = values.RegionCode, UpdatedBy = actor, CreatedAt = now, UpdatedAt = now, Revision = 1 };
            values.ApplyTo(veteran, cipher);
            var member = Cell(RegistryColumns.HouseholdName) is { } memberName
                ? new HouseholdContact { Relation = Cell(RegistryColumns.HouseholdRelation)!, Name = memberName, Phone = Digits(Cell(RegistryColumns.HouseholdPhone)) }
                : null;
            pending.Add((veteran, member));
            if (pending.Count == Batch)
            {
                written += await FlushAsync(pending, ct);
                progress?.Report(written);
            }
        }
        written += await FlushAsync(pending, ct);
        // The job's outcome commits with the rows: a crash leaves neither.
        await db.ImportJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, ImportState.Done).SetProperty(j => j.Imported, written), ct);
        await transaction.CommitAsync(ct);
        progress?.Report(written);
    }

    private async Task<int> FlushAsync(List<(Veteran Veteran, HouseholdContact? Member)> pending, CancellationToken ct)
    {
        if (pending.Count == 0) return 0;
        db.Veterans.AddRange(pending.Select(p => p.Veteran));
        await db.SaveChangesAsync(ct);
        foreach (var (veteran, member) in pending.Where(p => p.Member is not null))
        {
            member!.VeteranId = veteran.Id;
            db.Contacts.Add(member);
        }
        await db.SaveChangesAsync(ct);
        var count = pending.Count;
        pending.Clear();
        db.ChangeTracker.Clear();
        return count;
    }

    private async Task SaveProgressAsync(ImportJob job, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        Checked?.Invoke(this, job.Processed);
    }

    private static string? Digits(string? phone) => phone is null ? null : new string(phone.Where(char.IsDigit).ToArray()) is { Length: > 0 } d ? d : null;

    public static string NewJobId() => Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
}
