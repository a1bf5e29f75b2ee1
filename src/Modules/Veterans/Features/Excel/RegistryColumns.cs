using System.Globalization;
using Platform.Core.Text;
using Platform.Modules.Veterans.Features.Registry;

namespace Platform.Modules.Veterans.Features.Excel;

/// <summary>The spreadsheet's columns, in the template's order; the same headers serve import and export.</summary>
public static class RegistryColumns
{
    public const string Name = "姓名", Sex = "性别", BirthDate = "出生日期", IdNumber = "身份证号", Region = "地区代码", Address = "住址",
        Phone = "电话", Phone2 = "电话2", Rank = "职级", Retired = "退休日期", Institution = "军休所编号", Living = "居住方式", Kind = "类别",
        Disabled = "失能", Impaired = "失智", Alone = "独居", EmptyNest = "空巢", Health = "健康备注", Deceased = "去世日期",
        HouseholdName = "家属姓名", HouseholdRelation = "家属关系", HouseholdPhone = "家属电话";

    public static readonly string[] All =
    [
        Name, Sex, BirthDate, IdNumber, Region, Address, Phone, Phone2, Rank, Retired, Institution, Living, Kind,
        Disabled, Impaired, Alone, EmptyNest, Health, Deceased, HouseholdName, HouseholdRelation, HouseholdPhone,
    ];

    public static readonly string[] Required = [Name, Sex, BirthDate, Region, Rank];

    /// <summary>Help shown on the template's second sheet.</summary>
    public static readonly (string Column, string Rule)[] Help =
    [
        (Name, "必填，不超过 50 字"), (Sex, "必填：男 / 女"), (BirthDate, "必填，如 1942-05-01"), (IdNumber, "选填，18 位；同一身份证号只能登记一次"),
        (Region, "必填，6 位行政区划代码，如 511002；须在您管理的地区内"), (Address, "选填"), (Phone, "选填：手机 11 位，座机可带区号"), (Phone2, "选填"),
        (Rank, "必填：军级及以上 / 师级 / 团级 / 营级及以下"), (Retired, "选填，如 1995-10-01"), (Institution, "选填：军休所编号（见“军休所”页面）"),
        (Living, "选填：集中居住 / 分散居住（默认分散居住）"), (Kind, "选填：军休干部 / 遗孀（鳏夫） / 遗属家属（默认军休干部）"),
        (Disabled, "是 / 否"), (Impaired, "是 / 否"), (Alone, "是 / 否"), (EmptyNest, "是 / 否"), (Health, "选填，加密保存"), (Deceased, "选填"),
        (HouseholdName, "选填：一位家属"), (HouseholdRelation, "填写家属姓名时必填，如 配偶、儿子、女儿"), (HouseholdPhone, "选填"),
    ];

    /// <summary>
    /// A cell as text (an exported formula-like value without its guarding apostrophe): dates as yyyy-MM-dd, whole
    /// numbers without decimals (Excel stores phone numbers typed as numbers as doubles).
    /// </summary>
    public static string? Text(object? cell) => cell switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : SpreadsheetCells.Restore(s.Trim()),
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double n when n == Math.Floor(n) && Math.Abs(n) < 1e15 => ((long)n).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };

    public static bool Yes(string? text) => text is "是" or "√" or "✓" or "Y" or "y" or "1" or "true" or "TRUE" or "True";

    public static VeteranForm ToForm(Func<string, string?> cell) => new()
    {
        Name = cell(Name), Sex = cell(Sex), BirthDate = cell(BirthDate), IdNumber = cell(IdNumber), RegionCode = cell(Region),
        Address = cell(Address), Phone = cell(Phone), Phone2 = cell(Phone2), RankBand = cell(Rank), RetirementDate = cell(Retired),
        InstitutionId = cell(Institution), Living = cell(Living), Kind = cell(Kind), Disabled = Yes(cell(Disabled)),
        CognitivelyImpaired = Yes(cell(Impaired)), LivingAlone = Yes(cell(Alone)), EmptyNest = Yes(cell(EmptyNest)),
        HealthNotes = cell(Health), DeceasedDate = cell(Deceased),
    };
}
