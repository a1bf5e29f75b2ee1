using System.Globalization;
using System.Text.RegularExpressions;
using Platform.Modules.Veterans.Contracts;
using Platform.Modules.Veterans.Data;
using Platform.Core.Text;

namespace Platform.Modules.Veterans.Features.Registry;

/// <summary>
/// A veteran as typed by a person: in the admin form or as one spreadsheet row. Everything is text until
/// <see cref="Validate"/> turns it into <see cref="VeteranValues"/> or a list of Chinese messages.
/// </summary>
public sealed partial class VeteranForm
{
    [SingleLine(50, Label = "姓名")] public string? Name { get; set; }
    [SingleLine(10, Label = "性别")] public string? Sex { get; set; }
    [SingleLine(30, Label = "出生日期")] public string? BirthDate { get; set; }
    [SingleLine(30, Label = "身份证号")] public string? IdNumber { get; set; }
    [SingleLine(12, Label = "地区代码")] public string? RegionCode { get; set; }
    [SingleLine(200, Label = "住址")] public string? Address { get; set; }
    [SingleLine(30, Label = "电话")] public string? Phone { get; set; }
    [SingleLine(30, Label = "电话2")] public string? Phone2 { get; set; }
    [SingleLine(20, Label = "职级")] public string? RankBand { get; set; }
    [SingleLine(30, Label = "退休日期")] public string? RetirementDate { get; set; }
    [SingleLine(20, Label = "军休所编号")] public string? InstitutionId { get; set; }
    [SingleLine(20, Label = "居住方式")] public string? Living { get; set; }
    [SingleLine(20, Label = "类别")] public string? Kind { get; set; }
    public bool Disabled { get; set; }
    public bool CognitivelyImpaired { get; set; }
    public bool LivingAlone { get; set; }
    public bool EmptyNest { get; set; }
    [MultiLine(2000, Label = "健康备注")] public string? HealthNotes { get; set; }
    [SingleLine(30, Label = "去世日期")] public string? DeceasedDate { get; set; }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日"];

    /// <param name="today">For plausibility of dates.</param>
    /// <param name="institutionExists">Whether an institution id exists (in the row's region).</param>
    public (VeteranValues? Values, List<string> Errors) Validate(DateOnly today, Func<long, bool> institutionExists)
    {
        var errors = new List<string>();
        // A spreadsheet row comes here without the request filter: its cells get the same text rules.
        if (TextValidator.Problem(this, "档案") is { } text) errors.Add(text.MessageZh);
        var name = Name?.Trim() ?? "";
        if (name.Length is 0) errors.Add("姓名不能为空。");
        else if (name.Length > 50) errors.Add("姓名不能超过 50 个字。");

        if (!Labels.TryParse(Labels.Sexes, Sex, out var sex)) errors.Add("性别请填写“男”或“女”。");
        var birth = ParseDate(BirthDate, "出生日期", errors, required: true);
        if (birth is { } b && (b > today || b.Year < 1900)) errors.Add($"出生日期 {b:yyyy-MM-dd} 不合理，请核对。");

        var idNumber = string.IsNullOrWhiteSpace(IdNumber) ? null : IdNumber.Trim().ToUpperInvariant();
        if (idNumber is not null && !IdNumberPattern().IsMatch(idNumber)) errors.Add("身份证号应为 18 位（最后一位可以是 X）。");

        var region = RegionCode?.Trim() ?? "";
        if (!RegionPattern().IsMatch(region)) errors.Add("地区代码应为 6 位数字，例如 511002。");

        var phone = CleanPhone(Phone, "电话", errors);
        var phone2 = CleanPhone(Phone2, "电话2", errors);
        if (!Labels.TryParse(Labels.Ranks, RankBand, out var rank)) errors.Add("职级请填写：军级及以上、师级、团级 或 营级及以下。");
        var retired = ParseDate(RetirementDate, "退休日期", errors, required: false);
        if (retired is { } r && birth is { } bb && r < bb) errors.Add("退休日期早于出生日期，请核对。");

        long? institution = null;
        if (!string.IsNullOrWhiteSpace(InstitutionId))
        {
            if (!long.TryParse(InstitutionId.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !institutionExists(id))
                errors.Add($"军休所编号“{InstitutionId.Trim()}”不存在（或不在该地区）。");
            else institution = id;
        }

        var living = Data.Living.Dispersed;
        if (!string.IsNullOrWhiteSpace(Living) && !Labels.TryParse(Labels.Livings, Living, out living))
            errors.Add("居住方式请填写“集中居住”或“分散居住”。");
        var kind = VeteranKind.Cadre;
        if (!string.IsNullOrWhiteSpace(Kind) && !Labels.TryParse(Labels.Kinds, Kind, out kind))
            errors.Add("类别请填写：军休干部、遗孀（鳏夫） 或 遗属家属。");
        var deceased = ParseDate(DeceasedDate, "去世日期", errors, required: false);
        if (deceased is { } d && (d > today || birth is { } b2 && d < b2)) errors.Add("去世日期不合理，请核对。");
        var notes = HealthNotes?.Trim();
        if (notes is { Length: > 2000 }) errors.Add("健康备注不能超过 2000 字。");

        if (errors.Count > 0) return (null, errors);
        var groups = (Disabled ? KeyGroups.Disabled : 0) | (CognitivelyImpaired ? KeyGroups.CognitivelyImpaired : 0)
                     | (LivingAlone ? KeyGroups.LivingAlone : 0) | (EmptyNest ? KeyGroups.EmptyNest : 0);
        return (new VeteranValues(name, sex, birth!.Value, idNumber, region, Blank(Address), phone, phone2, rank, retired, institution,
            living, kind, groups, string.IsNullOrEmpty(notes) ? null : notes, deceased), errors);
    }

    public static VeteranForm From(Veteran v, string? healthNotes) => new()
    {
        Name = v.Name, Sex = Labels.Sexes[v.Sex], BirthDate = Date(v.BirthDate), IdNumber = v.IdNumber, RegionCode = v.RegionCode,
        Address = v.Address, Phone = v.Phone, Phone2 = v.Phone2, RankBand = Labels.Ranks[v.RankBand], RetirementDate = Date(v.RetirementDate),
        InstitutionId = v.InstitutionId?.ToString(CultureInfo.InvariantCulture), Living = Labels.Livings[v.Living], Kind = Labels.Kinds[v.Kind],
        Disabled = v.KeyGroups.HasFlag(KeyGroups.Disabled), CognitivelyImpaired = v.KeyGroups.HasFlag(KeyGroups.CognitivelyImpaired),
        LivingAlone = v.KeyGroups.HasFlag(KeyGroups.LivingAlone), EmptyNest = v.KeyGroups.HasFlag(KeyGroups.EmptyNest),
        HealthNotes = healthNotes, DeceasedDate = Date(v.DeceasedDate),
    };

    public static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static DateOnly? ParseDate(string? text, string label, List<string> errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) errors.Add($"{label}不能为空，格式如 1942-05-01。");
            return null;
        }
        var t = text.Trim();
        if (DateOnly.TryParseExact(t, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        // Excel may hand a date cell over as a date-time.
        if (DateTime.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt)) return DateOnly.FromDateTime(dt);
        errors.Add($"{label}“{t}”无法识别，请写成 1942-05-01 的格式。");
        return null;
    }

    private static string? CleanPhone(string? text, string label, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var digits = new string(text.Where(c => c != ' ' && c != '-').ToArray());
        if (!PhonePattern().IsMatch(digits))
        {
            errors.Add($"{label}“{text.Trim()}”格式不对：手机 11 位，座机可带区号（如 0832-2345678）。");
            return null;
        }
        return digits;
    }

    [GeneratedRegex(@"^\d{17}[\dX]$")]
    private static partial Regex IdNumberPattern();

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^(1\d{10}|0\d{9,11}|\d{7,8})$")]
    private static partial Regex PhonePattern();
}

/// <summary>A validated veteran.</summary>
public sealed record VeteranValues(
    string Name, Sex Sex, DateOnly BirthDate, string? IdNumber, string RegionCode, string? Address, string? Phone, string? Phone2,
    RankBand RankBand, DateOnly? RetirementDate, long? InstitutionId, Living Living, VeteranKind Kind, KeyGroups KeyGroups,
    string? HealthNotes, DateOnly? DeceasedDate)
{
    public void ApplyTo(Veteran v, Sensitive.HealthNoteCipher cipher)
    {
        v.Name = Name; v.Sex = Sex; v.BirthDate = BirthDate; v.IdNumber = IdNumber; v.RegionCode = RegionCode; v.Address = Address;
        v.Phone = Phone; v.Phone2 = Phone2; v.RankBand = RankBand; v.RetirementDate = RetirementDate; v.InstitutionId = InstitutionId;
        v.Living = Living; v.Kind = Kind; v.KeyGroups = KeyGroups; v.HealthNotes = cipher.Encrypt(HealthNotes); v.DeceasedDate = DeceasedDate;
    }
}
