using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Workflows;
using Platform.Modules.OralHistory.Features.Stories;

namespace Platform.Modules.OralHistory.Features.Consent;

/// <summary>
/// The <c>story-consent</c> guard of the publication workflow: refuses to approve or publish a story whose recorded
/// consent does not cover every kind of media on its newest version (the one that would be published).
/// </summary>
public sealed class ConsentGuard(IServiceScopeFactory scopes) : IWorkflowGuard
{
    public const string GuardName = "story-consent";

    public string Name => GuardName;

    public async ValueTask<string?> RefuseAsync(WorkflowInstanceInfo instance, string transition, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var stories = scope.ServiceProvider.GetRequiredService<StoryService>();
        var story = await stories.GetLatestAsSystemAsync(instance.EntityId, cancellationToken);
        if (story is null) return "未找到这篇口述历史，不能发布。";
        var consent = await scope.ServiceProvider.GetRequiredService<ConsentService>().CurrentAsync(story.Id, cancellationToken);
        return ConsentRule.Refusal(story, consent);
    }
}
