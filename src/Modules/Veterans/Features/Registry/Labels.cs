using Platform.Modules.Veterans.Contracts;
using Platform.Modules.Veterans.Data;

namespace Platform.Modules.Veterans.Features.Registry;

/// <summary>The Chinese words staff use for each value, in forms, pages and spreadsheets alike.</summary>
public static class Labels
{
    public static readonly IReadOnlyDictionary<VeteranKind, string> Kinds = new Dictionary<VeteranKind, string>
    {
        [VeteranKind.Cadre] = "军休干部", [VeteranKind.Widowed] = "遗孀（鳏夫）", [VeteranKind.Dependant] = "遗属家属",
    };

    public static readonly IReadOnlyDictionary<RankBand, string> Ranks = new Dictionary<RankBand, string>
    {
        [RankBand.ArmyAndAbove] = "军级及以上", [RankBand.Division] = "师级", [RankBand.Regiment] = "团级", [RankBand.BattalionAndBelow] = "营级及以下",
    };

    public static readonly IReadOnlyDictionary<Living, string> Livings = new Dictionary<Living, string>
    {
        [Living.Dispersed] = "分散居住", [Living.Concentrated] = "集中居住",
    };

    public static readonly IReadOnlyDictionary<Sex, string> Sexes = new Dictionary<Sex, string> { [Sex.Male] = "男", [Sex.Female] = "女" };

    public static readonly IReadOnlyDictionary<KeyGroups, string> Groups = new Dictionary<KeyGroups, string>
    {
        [KeyGroups.Disabled] = "失能", [KeyGroups.CognitivelyImpaired] = "失智", [KeyGroups.LivingAlone] = "独居", [KeyGroups.EmptyNest] = "空巢",
    };

    public static readonly IReadOnlyDictionary<ContactKind, string> ContactKinds = new Dictionary<ContactKind, string>
    {
        [ContactKind.Monthly] = "每月联系", [ContactKind.Hospital] = "住院看望", [ContactKind.Birthday] = "生日慰问", [ContactKind.Festival] = "节日慰问",
        [ContactKind.Dispute] = "矛盾调解", [ContactKind.Bereavement] = "丧事慰问", [ContactKind.Other] = "其他",
    };

    public static string GroupText(KeyGroups flags) =>
        string.Join("、", Groups.Where(g => flags.HasFlag(g.Key)).Select(g => g.Value));

    /// <summary>Finds the value whose label matches (also "遗孀"/"鳏夫"/"集中"/"分散" and the like, as people type them).</summary>
    public static bool TryParse<T>(IReadOnlyDictionary<T, string> labels, string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        foreach (var (key, label) in labels)
        {
            if (label == t || label.StartsWith(t, StringComparison.Ordinal) || (t.Length >= 2 && label.Contains(t, StringComparison.Ordinal)))
            {
                value = key;
                return true;
            }
        }
        return Enum.TryParse(t, ignoreCase: true, out value) && Enum.IsDefined(value);
    }
}
