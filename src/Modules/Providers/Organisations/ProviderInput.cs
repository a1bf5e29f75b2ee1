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
