namespace Platform.Modules.OralHistory.Features.Demo;

/// <summary>Placeholder until the content store lands.</summary>
public sealed class OralHistoryDemoData : Platform.Core.Setup.IModuleDemoData
{
    public Task LoadAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
