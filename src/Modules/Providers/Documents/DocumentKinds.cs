using Platform.Modules.Providers.Organisations;

namespace Platform.Modules.Providers.Documents;

/// <summary>The vetting documents a bureau checks: the three common certificates and the category's own permit.</summary>
public static class DocumentKinds
{
    public const string BusinessLicence = "business-licence";
    public const string TaxRegistration = "tax-registration";
    public const string OrganisationCode = "organisation-code";
    public const string Permit = "permit";

    public static IReadOnlyList<string> All { get; } = [BusinessLicence, TaxRegistration, OrganisationCode, Permit];

    public static string NameZh(string kind, string? category = null) => kind switch
    {
        BusinessLicence => "营业执照",
        TaxRegistration => "税务登记证",
        OrganisationCode => "组织机构代码证",
        Permit => ProviderCategories.Find(category)?.PermitZh ?? "行业许可证",
        _ => kind,
    };

    /// <summary>The kinds a provider of <paramref name="category"/> must hold, unexpired, to be approved and to take orders.</summary>
    public static IReadOnlyList<string> Mandatory(string category) =>
        ProviderCategories.Find(category)?.PermitZh is null
            ? [BusinessLicence, TaxRegistration, OrganisationCode]
            : [BusinessLicence, TaxRegistration, OrganisationCode, Permit];
}
