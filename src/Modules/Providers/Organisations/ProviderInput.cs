using Platform.Core.Text;

namespace Platform.Modules.Providers.Organisations;

/// <summary>What a provider (or the bureau on its behalf) states about the organisation.</summary>
/// <param name="OrganisationId">
/// The platform organisation id grants and OAuth clients use (e.g. <c>demo-provider-a</c>); empty on self-registration,
/// then one is made from the credit code.
/// </param>
public sealed record ProviderInput(
    [SingleLine(200, Label = "机构名称")] string LegalName, [SingleLine(30, Label = "统一社会信用代码")] string CreditCode,
    [SingleLine(32, Label = "服务类别")] string Category, [SingleLine(12, Label = "服务地区代码")] IReadOnlyList<string> Regions,
    [SingleLine(50, Label = "联系人")] string ContactName, [SingleLine(30, Label = "联系电话")] string ContactPhone,
    [SingleLine(200, Label = "电子邮箱")] string? ContactEmail = null, [SingleLine(300, Label = "地址")] string? Address = null,
    [SingleLine(64, Label = "机构标识")] string? OrganisationId = null);

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
