using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Auditing;
using Platform.Core.Workflows;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Organisations;

namespace Platform.Modules.Providers.Ratings;

/// <summary>Complaints about a provider: received → investigating → resolved with an outcome (and compensation, if any).</summary>
public sealed class ComplaintService(ProvidersDbContext db, ProviderService providers, IAccessScope access, IWorkflowEngine workflows, IAuditLog audit, TimeProvider clock)
{
    public async Task<Complaint> FileAsync(ClaimsPrincipal caller, long providerId, long? offeringId, string regionCode, string text, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 2000)
            throw PlatformException.Invalid("请写明投诉内容（2000 字以内）：什么时间、什么服务、出了什么问题。", "Describe the complaint (up to 2000 characters).");
        var provider = await providers.RequireAsync(caller, providerId, write: false, ct);
        var grants = GrantClaim.Of(caller);
        if (!grants.Any(g => g.Role == PlatformRoles.Veteran) && !GrantClaim.IsPlatformAdmin(grants)
            && !await access.HoldsRoleOverAsync(caller, [PlatformRoles.LiaisonOfficer, PlatformRoles.BureauAdmin], regionCode, ct))
            throw new PlatformException(403, "只有接受服务的本人、所在地区的联络员或主管部门可以登记投诉。", "Only the served person, their liaison officer or the bureau may file a complaint.");
        var now = clock.GetUtcNow().UtcDateTime;
        var actor = caller.Identity?.Name ?? "anonymous";
        var complaint = new Complaint
        {
            ProviderId = provider.Id, OfferingId = offeringId, RegionCode = regionCode, Text = text.Trim(), Status = "received",
            CreatedBy = actor, CreatedAt = now, UpdatedAt = now,
        };
        db.Complaints.Add(complaint);
        await db.SaveChangesAsync(ct);
        var instance = await workflows.StartAsync("Providers", "complaint", $"complaint:{complaint.Id}:{provider.LegalName}", regionCode, actor, provider.OrganisationId, ct);
        complaint.WorkflowInstanceId = instance.Id;
        await db.SaveChangesAsync(ct);
        return complaint;
    }

    public async Task<Complaint> InvestigateAsync(ClaimsPrincipal caller, long complaintId, CancellationToken ct = default)
    {
        var complaint = await RequireAsync(caller, complaintId, ct);
        await FireAsync(caller, complaint, "investigate", null, ct);
        return await ReloadAsync(complaint.Id, ct);
    }

    /// <summary>Records the outcome (and compensation in yuan), then resolves; refused, the outcome is not kept.</summary>
    public async Task<Complaint> ResolveAsync(ClaimsPrincipal caller, long complaintId, string outcome, decimal? compensation, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(outcome)) throw PlatformException.Invalid("请填写处理结果。", "Enter the outcome.");
        if (compensation is < 0 || (compensation is { } c && decimal.Round(c, 2) != c))
            throw PlatformException.Invalid("赔偿金额须为不小于 0 的金额（元，最多两位小数）。", "Compensation must be a non-negative amount in yuan.");
        var complaint = await RequireAsync(caller, complaintId, ct);
        complaint.Outcome = outcome.Trim();
        complaint.CompensationFen = compensation is { } yuan ? (long)(yuan * 100) : null;
        await db.SaveChangesAsync(ct);
        try
        {
            await FireAsync(caller, complaint, "resolve", complaint.Outcome, ct);
        }
        catch
        {
            await db.Complaints.Where(x => x.Id == complaint.Id && x.Status != "resolved")
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Outcome, (string?)null).SetProperty(x => x.CompensationFen, (long?)null), ct);
            throw;
        }
        await audit.WriteAsync(new AuditEntry("provider.complaint-resolved", caller.Identity?.Name ?? "anonymous", complaint.RegionCode, "Providers",
            complaint.Text.Length > 60 ? complaint.Text[..60] + "…" : complaint.Text,
            complaint.Outcome + (complaint.CompensationFen is { } fen ? $"；赔偿 {fen / 100m:0.00} 元" : "")), ct);
        return await ReloadAsync(complaint.Id, ct);
    }

    /// <summary>Complaints the caller may see: bureaus and liaison officers in their regions, providers their own.</summary>
    public async Task<List<Complaint>> VisibleAsync(ClaimsPrincipal caller, CancellationToken ct = default)
    {
        var mine = (await providers.VisibleAsync(caller, null, ct)).Select(p => p.Id).ToList();
        return await db.Complaints.AsNoTracking().Where(c => mine.Contains(c.ProviderId)).OrderByDescending(c => c.Id).Take(500).ToListAsync(ct);
    }

    private async Task<Complaint> RequireAsync(ClaimsPrincipal caller, long complaintId, CancellationToken ct)
    {
        var complaint = await db.Complaints.FirstOrDefaultAsync(c => c.Id == complaintId, ct)
            ?? throw PlatformException.NotFound("未找到该投诉，或它不在您的管辖范围内。", "No such complaint in your scope.");
        if (await access.ForRegionAsync(caller, complaint.RegionCode, write: false, ct) == AccessDecision.Hidden)
            throw PlatformException.NotFound("未找到该投诉，或它不在您的管辖范围内。", "No such complaint in your scope.");
        return complaint;
    }

    private async Task FireAsync(ClaimsPrincipal caller, Complaint complaint, string transition, string? comment, CancellationToken ct)
    {
        var instance = await workflows.FindAsync(complaint.WorkflowInstanceId ?? 0, ct)
            ?? throw PlatformException.Conflict("该投诉没有处理流程。", "The complaint has no process.");
        await workflows.FireAsync(instance.Id, transition, caller, instance.Revision, comment, ct);
    }

    private async Task<Complaint> ReloadAsync(long id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.Complaints.AsNoTracking().FirstAsync(c => c.Id == id, ct);
    }
}
