using System.Security.Claims;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Workflows;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Organisations;

namespace Platform.Modules.Providers.Onboarding;

/// <summary>Decisions on a provider's onboarding, through the workflow engine (permission, scope, guards, revision).</summary>
public sealed class OnboardingService(ProviderService providers, IWorkflowEngine workflows)
{
    public static IReadOnlyList<string> Decisions { get; } = ["approve", "return", "reject", "resubmit", "suspend", "reinstate"];

    /// <summary>Fires <paramref name="transition"/> on the provider's onboarding; a return or rejection needs a reason.</summary>
    public async Task<WorkflowInstanceInfo> DecideAsync(ClaimsPrincipal caller, long providerId, string transition, string? comment, CancellationToken ct = default)
    {
        var provider = await providers.RequireAsync(caller, providerId, write: false, ct);
        if (transition is "return" or "reject" or "suspend" && string.IsNullOrWhiteSpace(comment))
            throw PlatformException.Invalid("退回、不予通过或暂停时，请写明理由，服务商会看到它。", "Give the reason for returning, rejecting or suspending.");
        var instance = provider.WorkflowInstanceId is { } id ? await workflows.FindAsync(id, ct) : null;
        if (instance is null) throw PlatformException.Conflict("该服务商没有入驻流程。", "The provider has no onboarding process.");
        return await workflows.FireAsync(instance.Id, transition, caller, instance.Revision, comment?.Trim(), ct);
    }

    /// <summary>
    /// The applicant, holding only the tracking key shown at registration, resubmits a returned application. The key
    /// stands for the organisation: the engine sees the applicant as that organisation's administrator.
    /// </summary>
    public async Task<WorkflowInstanceInfo> ResubmitAsApplicantAsync(Provider provider, string? comment, CancellationToken ct = default)
    {
        var applicant = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("name", "applicant:" + provider.OrganisationId),
             new Claim(GrantClaim.ClaimType, new GrantClaim(PlatformRoles.ProviderAdmin, null, provider.OrganisationId).Format())],
            "applicant-key", "name", "role"));
        var instance = await workflows.FindAsync(provider.WorkflowInstanceId ?? 0, ct)
            ?? throw PlatformException.Conflict("该服务商没有入驻流程。", "The provider has no onboarding process.");
        return await workflows.FireAsync(instance.Id, "resubmit", applicant, instance.Revision, comment, ct);
    }

    /// <summary>The reasons given with each step (returned applications show them to the applicant).</summary>
    public async Task<IReadOnlyList<WorkflowStep>> HistoryAsync(Provider provider, CancellationToken ct = default) =>
        provider.WorkflowInstanceId is { } id ? await workflows.HistoryAsync(id, ct) : [];
}
