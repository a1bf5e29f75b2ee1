using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Platform.Modules.Veterans.Data;
using Platform.Modules.Veterans.Features;
using Platform.Modules.Veterans.Features.Excel;

namespace Platform.Modules.Veterans.Pages.Admin.Veterans;

/// <summary>Excel import (checked whole before anything is written, with progress) and the links to template and export.</summary>
public sealed class ImportModel(VeteransDbContext db, VeteranAccess access, ImportRunner runner, TimeProvider clock) : VeteransPageModel
{
    public const long MaxBytes = 100L * 1024 * 1024;

    [BindProperty(SupportsGet = true)] public string? Job { get; set; }
    public ImportJob? Current { get; private set; }
    public int? Written { get; private set; }
    public IReadOnlyList<ImportJob> Recent { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await access.EnsureAsync(User, VeteranPermissions.Write, Region.Code, HttpContext.RequestAborted);
        await LoadAsync();
    }

    [RequestSizeLimit(MaxBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxBytes)]
    public async Task<IActionResult> OnPostAsync(IFormFile? file)
    {
        var ct = HttpContext.RequestAborted;
        await access.EnsureAsync(User, VeteranPermissions.Write, Region.Code, ct);
        if (file is null || file.Length == 0 || !file.FileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            Error = "请选择用模板填写的 .xlsx 文件再上传。";
            Response.StatusCode = 400;
            await LoadAsync();
            return Page();
        }
        var allowed = (await access.SubtreeAsync(User, Region.Code, ct)).ToHashSet(StringComparer.Ordinal);
        var job = new ImportJob
        {
            Id = RegistryImport.NewJobId(), RegionCode = Region.Code, Actor = Actor, FileName = Path.GetFileName(file.FileName),
            State = ImportState.Validating, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var path = Path.Combine(Path.GetTempPath(), $"veterans-import-{job.Id}.xlsx");
        await using (var target = System.IO.File.Create(path)) await file.CopyToAsync(target, ct);
        // A file that is no workbook, or declares more than an import takes, is refused here: no job, nothing kept.
        if (WorkbookBounds.Check(path) is { } refusal)
        {
            System.IO.File.Delete(path);
            Error = refusal;
            Response.StatusCode = 400;
            await LoadAsync();
            return Page();
        }
        try
        {
            db.ImportJobs.Add(job);
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            System.IO.File.Delete(path);
            throw;
        }
        runner.Start(job.Id, path, allowed);
        return Redirect($"/admin/veterans/import?job={job.Id}");
    }

    private async Task LoadAsync()
    {
        var regions = Subtree.Select(r => r.Code).ToList();
        if (Job is { Length: > 0 })
        {
            Current = await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == Job && regions.Contains(j.RegionCode), HttpContext.RequestAborted);
            Written = Current is null ? null : runner.Written(Current.Id);
        }
        Recent = await db.ImportJobs.AsNoTracking().Where(j => regions.Contains(j.RegionCode))
            .OrderByDescending(j => j.CreatedAt).Take(10).ToListAsync(HttpContext.RequestAborted);
    }

    public bool Running => Current is { State: ImportState.Validating or ImportState.Writing };
}
