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
