namespace Platform.Modules.Providers.Organisations;

/// <summary>A kind of service: a provider's category and an offering's type; permits it needs beyond the common three.</summary>
public sealed record ProviderCategory(string Code, string NameZh, string NameEn, string? PermitZh);

/// <summary>The service categories the bureaus contract for (DOMAIN.md: "Who runs and supplies the service").</summary>
public static class ProviderCategories
{
    public static IReadOnlyList<ProviderCategory> All { get; } =
    [
        new("hospital", "定点医院", "Designated hospital", "医疗机构执业许可证"),
        new("sanatorium", "疗养院", "Sanatorium", "医疗机构执业许可证"),
        new("elder-care", "养老机构", "Elder-care institution", "养老机构备案回执"),
        new("canteen", "助餐配餐", "Canteen / meal delivery", "食品经营许可证"),
        new("housekeeping", "家政服务", "Housekeeping", null),
        new("haircut-bathing", "理发助浴", "Haircut / bathing", "公共场所卫生许可证"),
        new("massage", "按摩推拿", "Massage", null),
        new("counselling", "心理咨询", "Counselling", null),
        new("legal-aid", "法律援助", "Legal aid", "律师事务所执业许可证"),
        new("ride-hailing", "出行约车", "Ride-hailing", "网络预约出租汽车经营许可证"),
        new("property-maintenance", "物业维修", "Property maintenance", null),
    ];

    public static ProviderCategory? Find(string? code) => All.FirstOrDefault(c => c.Code == code);

    public static string NameZh(string code) => Find(code)?.NameZh ?? code;

    public static ProviderCategory Require(string? code) => Find(code) ?? throw Core.PlatformException.Invalid(
        $"请选择服务类别（{string.Join("、", All.Select(c => c.NameZh))}）。", "Choose a service category.");
}
