using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Workflows;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Documents;

namespace Platform.Modules.Providers.Onboarding;

/// <summary>A provider is approved (or reinstated) only with every mandatory document present and unexpired.</summary>
public sealed class DocumentsCompleteGuard(ProvidersDbContext db, DocumentService documents) : IWorkflowGuard
{
    public string Name => "provider-documents-complete";

    public async ValueTask<string?> RefuseAsync(WorkflowInstanceInfo instance, string transition, CancellationToken cancellationToken)
    {
        var provider = await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.WorkflowInstanceId == instance.Id, cancellationToken);
        if (provider is null) return "未找到该服务商的资料。";
        var problems = await documents.ProblemsAsync(provider, documents.Today(), cancellationToken);
        return problems.Count == 0 ? null : $"证件不齐全，不能通过：{string.Join("；", problems)}。请先让服务商补正。";
    }
}

/// <summary>A renewal is confirmed only once a newer document of the kind, valid beyond 30 days, has been uploaded.</summary>
public sealed class RenewalUploadedGuard(ProvidersDbContext db, DocumentService documents) : IWorkflowGuard
{
    public string Name => "renewal-uploaded";

    public async ValueTask<string?> RefuseAsync(WorkflowInstanceInfo instance, string transition, CancellationToken cancellationToken)
    {
        var old = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.RenewalInstanceId == instance.Id, cancellationToken);
        if (old is null) return "未找到需要换发的证件。";
        var horizon = documents.Today().AddDays(30).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var renewed = await db.Documents.AnyAsync(d => d.ProviderId == old.ProviderId && d.Kind == old.Kind && d.ReplacedAt == null
                                                       && d.Id != old.Id && d.ExpiresOn > horizon, cancellationToken);
        return renewed ? null : string.Create(CultureInfo.InvariantCulture,
            $"尚未上传换发后的《{DocumentKinds.NameZh(old.Kind)}》（有效期须晚于 {horizon:yyyy-MM-dd}），请先上传。");
    }
}

/// <summary>A complaint is resolved only with its outcome written down.</summary>
public sealed class ComplaintOutcomeGuard(ProvidersDbContext db) : IWorkflowGuard
{
    public string Name => "complaint-outcome-recorded";

    public async ValueTask<string?> RefuseAsync(WorkflowInstanceInfo instance, string transition, CancellationToken cancellationToken) =>
        await db.Complaints.AnyAsync(c => c.WorkflowInstanceId == instance.Id && c.Outcome != null && c.Outcome != "", cancellationToken)
            ? null
            : "请先填写处理结果（含是否赔偿），再办结投诉。";
}
