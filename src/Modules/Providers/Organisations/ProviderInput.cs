namespace Platform.Modules.Providers.Organisations;

/// <summary>What a provider (or the bureau on its behalf) states about the organisation.</summary>
/// <param name="OrganisationId">
/// The platform organisation id grants and OAuth clients use (e.g. <c>demo-provider-a</c>); empty on self-registration,
/// then one is made from the credit code.
/// </param>
public sealed record ProviderInput(
    string LegalName, string CreditCode, string Category, IReadOnlyList<string> Regions,
    string ContactName, string ContactPhone, string? ContactEmail = null, string? Address = null, string? OrganisationId = null);

/// <summary>A vetting document being uploaded: kind, scan and expiry date.</summary>
public sealed record DocumentUpload(string Kind, Stream Content, string FileName, DateOnly ExpiresOn);

/// <summary>
/// A change to an organisation. Contacts are the provider's own; each vetted field is null to keep it (a value equal to
/// the stored one keeps it too), and only the bureau may change it: see <see cref="ProviderService.UpdateAsync"/>.
/// </summary>
public sealed record ProviderUpdate(
    string ContactName, string ContactPhone, string? ContactEmail, string? Address,
    string? LegalName = null, string? Category = null, IReadOnlyList<string>? Regions = null,
    string? CreditCode = null, string? Status = null, string? OrganisationId = null, string? HomeRegion = null);
