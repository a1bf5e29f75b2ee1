using Microsoft.EntityFrameworkCore;
using Platform.Core.Auditing;
using Platform.Core.Workflows;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Documents;

namespace Platform.Modules.Providers.Onboarding;

/// <summary>
/// The daily look at vetting documents: a current document expiring within 30 days starts a renewal process (a task
/// for the bureau, a notice to the provider's staff); a provider with an expired mandatory document stops taking new
/// orders until it is renewed, and starts again by itself once it is. Safe to run on several nodes at once: each
/// document is claimed with a conditional update before its process starts.
/// </summary>
public sealed class DocumentExpiryCheck(ProvidersDbContext db, DocumentService documents, IWorkflowEngine workflows, IAuditLog audit)
{
    public const string Actor = "system:document-check";
    public const int WarningDays = 30;

    public sealed record Result(int RenewalsStarted, int Suspended, int Resumed);

    public async Task<Result> RunAsync(CancellationToken ct = default)
    {
        var today = documents.Today();
        var horizon = today.AddDays(WarningDays).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var started = 0;
        var expiring = await db.Documents.AsNoTracking()
            .Where(d => d.ReplacedAt == null && d.RenewalInstanceId == null && d.ExpiresOn <= horizon)
            .Join(db.Providers.Where(p => p.Status != ProviderStatus.Rejected), d => d.ProviderId, p => p.Id, (d, p) => new { Document = d, Provider = p })
            .OrderBy(x => x.Document.Id).ToListAsync(ct);
        foreach (var item in expiring)
        {
            // -1 marks "claimed": another node running the same check skips this document.
            var claimed = await db.Documents.Where(d => d.Id == item.Document.Id && d.RenewalInstanceId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.RenewalInstanceId, -1L), ct);
            if (claimed == 0) continue;
            var entity = $"document:{item.Document.Id}:{item.Provider.LegalName}《{DocumentKinds.NameZh(item.Document.Kind, item.Provider.Category)}》{item.Document.ExpiresOn:yyyy-MM-dd}";
            var instance = await workflows.StartAsync("Providers", "document-renewal", entity, item.Provider.HomeRegion, Actor, item.Provider.OrganisationId, ct);
            await db.Documents.Where(d => d.Id == item.Document.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.RenewalInstanceId, instance.Id), ct);
            started++;
        }

        int suspended = 0, resumed = 0;
        foreach (var provider in await db.Providers.Where(p => p.Status != ProviderStatus.Rejected).OrderBy(p => p.Id).ToListAsync(ct))
        {
            var expired = (await documents.ProblemsAsync(provider, today, ct)).Where(p => p.Contains("过期", StringComparison.Ordinal)).ToList();
            var reason = expired.Count == 0 ? null : "必备证件已过期，暂停接收新订单：" + string.Join("；", expired);
            if (provider.OrdersSuspended == (reason is not null) && provider.OrdersSuspendedReason == reason) continue;
            var before = provider.OrdersSuspended;
            provider.OrdersSuspended = reason is not null;
            provider.OrdersSuspendedReason = reason;
            await db.SaveChangesAsync(ct);
            if (before == provider.OrdersSuspended) continue;
            if (provider.OrdersSuspended) suspended++; else resumed++;
            await audit.WriteAsync(new AuditEntry(provider.OrdersSuspended ? "provider.orders-suspended" : "provider.orders-resumed", Actor,
                provider.HomeRegion, "Providers", provider.LegalName, reason ?? "证件已换发，恢复接收新订单"), ct);
        }
        return new Result(started, suspended, resumed);
    }
}
