using Platform.Core.Workflows;
using Platform.Modules.OralHistory;

namespace Platform.OralHistory.Tests;

/// <summary>The shipped publication workflow passes the platform's checks and has the paths the issue asks for.</summary>
public sealed class WorkflowDefinitionTests
{
    private static readonly OralHistoryModule Module = new();

    private static WorkflowDefinition Load()
    {
        var assembly = typeof(OralHistoryModule).Assembly;
        using var stream = assembly.GetManifestResourceStream("workflows/story-publication.json")!;
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        var templates = assembly.GetManifestResourceNames().Where(n => n.StartsWith("notifications/", StringComparison.Ordinal)).Select(n => n["notifications/".Length..^4]).ToHashSet();
        return WorkflowLoader.Load(bytes.ToArray(), "story-publication.json", "OralHistory", Module.Permissions.Select(p => p.Name).ToHashSet(), templates.Contains);
    }

    [Fact]
    public void Draft_review_published_withdrawn_and_returned_with_the_consent_guard_and_content_events()
    {
        var definition = Load();
        Assert.Equal("draft", definition.Initial);
        Assert.Equal(["approve", "publish"], definition.Transitions.Where(t => t.Guard == "story-consent").Select(t => t.Name));
        Assert.Equal("returned", definition.Transitions.Single(t => t.Name == "return").To);
        Assert.Contains(new EmitAction("content-publish"), definition.State("published")!.OnEntry);
        Assert.Contains(new EmitAction("content-unpublish"), definition.State("unpublished")!.OnEntry);
        Assert.Equal(["approved", "scheduled"], definition.Transitions.Single(t => t.Name == "publish").From);
        Assert.All(definition.Transitions.Where(t => t.Name is "approve" or "publish" or "return" or "unpublish"), t => Assert.Equal("oralhistory.review", t.Permission));
    }
}
