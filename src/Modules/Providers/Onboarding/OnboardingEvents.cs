using Microsoft.EntityFrameworkCore;
using Platform.Core.Auditing;
using Platform.Core.Workflows;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Search;

namespace Platform.Modules.Providers.Onboarding;

/// <summary>
/// Keeps a provider's status in step with its onboarding process, whoever fired the transition (this module's pages,
/// the platform's task list, a timeout), and writes the accountable audit entry for each decision. Tolerates repeats:
/// an event older than the status already recorded changes nothing.
/// </summary>
public sealed class OnboardingEvents(ProvidersDbContext db, IAuditLog audit, Platform.Core.Search.ISearchIndex search) : IWorkflowEventSubscriber
{
    private static readonly Dictionary<string, string> StatusOf = new(StringComparer.Ordinal)
    {
        ["ProviderApplied"] = ProviderStatus.Applied,
        ["ProviderReturned"] = ProviderStatus.Returned,
        ["ProviderApproved"] = ProviderStatus.Approved,
        ["ProviderRejected"] = ProviderStatus.Rejected,
        ["ProviderSuspended"] = ProviderStatus.Suspended,
    };

    public async Task HandleAsync(WorkflowEvent workflowEvent, CancellationToken cancellationToken)
    {
        var instance = workflowEvent.Instance;
        if (instance.ModuleId != "Providers") return;
        if (instance.WorkflowId == "complaint")
        {
            var status = workflowEvent.Name == "ComplaintResolved" ? "resolved" : "investigating";
            await db.Complaints.Where(c => c.WorkflowInstanceId == instance.Id && c.Status != "resolved")
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, status).SetProperty(c => c.UpdatedAt, instance.UpdatedAt), cancellationToken);
            return;
        }
        if (!StatusOf.TryGetValue(workflowEvent.Name, out var next)) return;
        var provider = await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.WorkflowInstanceId == instance.Id, cancellationToken);
        if (provider is null || provider.WorkflowRevision >= instance.Revision) return;
        var changed = await db.Providers
            .Where(p => p.Id == provider.Id && p.WorkflowRevision < instance.Revision)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, next).SetProperty(p => p.WorkflowRevision, instance.Revision)
                .SetProperty(p => p.UpdatedAt, instance.UpdatedAt), cancellationToken);
        if (changed == 0) return;
        // Offerings are public only while their provider is approved.
        await OfferingSearchSource.MarkAsync(search, await OfferingSearchSource.OfProviderAsync(db, provider.Id, cancellationToken), cancellationToken);
        await audit.WriteAsync(new AuditEntry("provider." + next, instance.UpdatedBy, provider.HomeRegion, "Providers",
            $"{provider.LegalName}（{provider.CreditCode}）：{ProviderStatus.NameZh(provider.Status)}", ProviderStatus.NameZh(next)), cancellationToken);
    }
}
