namespace Platform.Modules.Providers.Contracts;

/// <summary>A provider organisation as other modules see it.</summary>
/// <param name="OrganisationId">The platform organisation id (the one grants and OAuth clients carry).</param>
/// <param name="LegalName">Registered legal name.</param>
/// <param name="Category">Service category code (e.g. <c>canteen</c>, <c>sanatorium</c>).</param>
/// <param name="Status">Onboarding status: <c>applied</c>, <c>returned</c>, <c>approved</c>, <c>rejected</c>, <c>suspended</c>.</param>
/// <param name="AcceptsNewOrders">
/// True only when the provider is approved and no mandatory vetting document has expired; modules that take orders
/// (sanatorium stays, meals, rides…) must refuse new orders to a provider for which this is false.
/// </param>
/// <param name="OrdersSuspendedReason">Why new orders are suspended (Chinese), when they are.</param>
/// <param name="Regions">Region codes the provider is approved to serve, its vetting (home) region first.</param>
public sealed record ProviderSummary(
    string OrganisationId, string LegalName, string Category, string Status, bool AcceptsNewOrders, string? OrdersSuspendedReason,
    IReadOnlyList<string> Regions);

/// <summary>Whether an organisation takes new orders now; if not, why (in Chinese: suspended, or not approved).</summary>
public sealed record ProviderOrderStatus(bool AcceptsNewOrders, string? Reason);

/// <summary>Read access to provider organisations for other modules (declare <c>Providers</c> as a dependency).</summary>
public interface IProviderDirectory
{
    /// <summary>The provider with this platform organisation id, or null.</summary>
    Task<ProviderSummary?> FindAsync(string organisationId, CancellationToken cancellationToken = default);

    /// <summary>The organisation's order status alone, or null: one narrow read for checks made on every order (a booking).</summary>
    Task<ProviderOrderStatus?> OrderStatusAsync(string organisationId, CancellationToken cancellationToken = default);

    /// <summary>Approved providers serving <paramref name="regionCode"/> (or a region above it), optionally of one category.</summary>
    Task<IReadOnlyList<ProviderSummary>> ApprovedInRegionAsync(string regionCode, string? category = null, CancellationToken cancellationToken = default);
}
