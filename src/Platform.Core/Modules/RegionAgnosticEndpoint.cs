namespace Platform.Core.Modules;

/// <summary>
/// Endpoint metadata for a module endpoint that takes no region (e.g. an organisation's own API);
/// the module must then check the region of every record it touches with <c>IFeatureGate</c>.
/// Without it, a module endpoint needs a region and answers 404 where the module is off.
/// </summary>
public sealed class RegionAgnosticEndpoint;
