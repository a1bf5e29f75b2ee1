using System.Globalization;
using Platform.Core;
using Platform.Core.Access;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Offerings;
using Platform.Core.Text;

namespace Platform.Modules.Providers.Pages;

/// <summary>An offering as typed on a page: text kept as typed so a refused form shows it again.</summary>
public sealed class OfferingForm
{
    [SingleLine(32, Label = "服务类别")] public string? Type { get; set; }
    [SingleLine(100, Label = "服务项目名称")] public string? Title { get; set; }
    [MultiLine(2000, Label = "服务内容")] public string? Description { get; set; }
    /// <summary>The regions covered: the provider's choice, inside its approved regions (checked by the service).</summary>
    [SetBy(PlatformRoles.BureauAdmin, PlatformRoles.ProviderAdmin, PlatformRoles.ProviderStaff)]
    [SingleLine(500, Label = "覆盖地区代码")] public string? Regions { get; set; }
    [SingleLine(200, Label = "服务时间")] public string? OpeningHours { get; set; }
    [SingleLine(10, Label = "容量")] public string? Capacity { get; set; }
    [SingleLine(500, Label = "无障碍说明")] public string? Accessibility { get; set; }
    [SingleLine(20, Label = "价格")] public string? Price { get; set; }
    [SingleLine(20, Label = "计价单位")] public string? Unit { get; set; }

    public static OfferingForm From(Offering o) => new()
    {
        Type = o.Type, Title = o.Title, Description = o.Description, Regions = string.Join(" ", o.Regions.Select(r => r.RegionCode).Order(StringComparer.Ordinal)),
        OpeningHours = o.OpeningHours, Capacity = o.Capacity?.ToString(CultureInfo.InvariantCulture), Accessibility = o.Accessibility,
        Price = ProvidersPageModel.Money(o.PriceFen), Unit = o.Unit,
    };

    /// <summary>The service's input; a price or capacity that is not a number is refused in Chinese here.</summary>
    public OfferingInput ToInput()
    {
        var price = ProvidersPageModel.Yuan(Price);
        if (price is not { } yuan || yuan <= 0 || decimal.Round(yuan, 2) != yuan)
            throw PlatformException.Invalid($"价格“{Price}”无法识别，请填写大于 0 的金额（元，最多两位小数），例如 15 或 15.50。", "Enter the price in yuan, e.g. 15.50.");
        int? capacity = null;
        if (!string.IsNullOrWhiteSpace(Capacity))
        {
            if (!int.TryParse(Capacity.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var c))
                throw PlatformException.Invalid($"容量“{Capacity}”无法识别，请填写正整数；不限容量请留空。", "Capacity must be a whole number, or empty.");
            capacity = c;
        }
        return new OfferingInput(Type ?? "", Title ?? "", Description ?? "", Codes(Regions), OpeningHours ?? "", capacity, Accessibility, yuan, Unit ?? "");
    }

    /// <summary>Region codes typed with spaces, commas or 、 between them.</summary>
    public static List<string> Codes(string? text) =>
        [.. (text ?? "").Split([' ', ',', '，', '、', ';', '；', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)];
}
