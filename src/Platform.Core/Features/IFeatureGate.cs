namespace Platform.Core.Features;

/// <summary>Whether a module is switched on in a region (inherited from the parent unless overridden).</summary>
public interface IFeatureGate
{
    /// <summary>True when <paramref name="moduleId"/> is effectively enabled in <paramref name="regionCode"/>.</summary>
    ValueTask<bool> IsEnabledAsync(string regionCode, string moduleId, CancellationToken cancellationToken = default);

    /// <summary>Ids of the modules effectively enabled in the region.</summary>
    ValueTask<IReadOnlySet<string>> EnabledModulesAsync(string regionCode, CancellationToken cancellationToken = default);
}
