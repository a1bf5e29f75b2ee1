using System.Globalization;

namespace Bench.Common;

/// <summary>
/// Rows of the veterans registry's import template (the headers of <c>RegistryColumns</c>): made-up people with Chinese
/// names, ages 70–100 on <paramref name="Reference"/>, rank bands, living arrangement, key-group flags, health notes on a
/// third and a household member on half. Deterministic from the seed. Shared by bench/veterans-import and bench/generate.
/// </summary>
/// <param name="InstitutionOf">The rest home (军休所编号) for a county, or null.</param>
public sealed record VeteranRows(int Seed, IReadOnlyList<string> Counties, DateOnly Reference, Func<string, long?>? InstitutionOf = null)
{
    private static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
        "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
        "欧阳", "司马", "上官",
    ];
    private static readonly string[] MaleChars = ["建", "国", "卫", "东", "振", "华", "志", "强", "庆", "长", "征", "保", "德", "胜", "文", "忠", "永", "福", "光", "明", "继", "业", "海", "树", "立", "新", "守", "成", "兴", "邦", "民", "山", "军", "荣", "贵", "富", "春", "生", "援", "朝"];
    private static readonly string[] FemaleChars = ["秀", "英", "桂", "兰", "玉", "珍", "淑", "芬", "凤", "翠", "红", "梅", "丽", "春", "美", "玲", "素", "琴", "慧", "芳", "霞", "云"];
    private static readonly string[] Ranks = ["军级及以上", "师级", "团级", "营级及以下"];
    private static readonly string[] Relations = ["配偶", "儿子", "女儿"];
    private static readonly string[] Notes = ["高血压，按时服药", "冠心病史，随身带药", "糖尿病，注意饮食", "听力下降，请放慢语速", "髋关节置换术后，行动需搀扶", "慢阻肺，冬季易发作"];
    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    public IEnumerable<Dictionary<string, object?>> Take(int count)
    {
        var random = new Random(Seed);
        var serials = new Dictionary<(string, DateOnly), int>();
        for (var i = 0; i < count; i++)
        {
            var county = Counties[random.Next(Counties.Count)];
            var kindRoll = random.Next(100);
            var kind = kindRoll < 85 ? "军休干部" : kindRoll < 97 ? "遗孀（鳏夫）" : "遗属家属";
            var female = kind == "军休干部" ? random.Next(100) < 6 : random.Next(100) < 90;
            var birth = Reference.AddYears(-70 - random.Next(31)).AddDays(-random.Next(365));
            var serial = serials[(county, birth)] = serials.GetValueOrDefault((county, birth)) + 1;
            var id = string.Create(CultureInfo.InvariantCulture, $"{county}{birth:yyyyMMdd}{serial * 2 + (female ? 0 : 1):D3}");
            var institution = InstitutionOf?.Invoke(county);
            var concentrated = institution is not null && random.Next(100) < 25;
            var household = random.Next(2) == 0;
            yield return new Dictionary<string, object?>
            {
                ["姓名"] = Name(random, female), ["性别"] = female ? "女" : "男", ["出生日期"] = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["身份证号"] = id + CheckCharacter(id), ["地区代码"] = county, ["住址"] = $"{county} 区县幸福路 {1 + random.Next(300)} 号",
                ["电话"] = string.Create(CultureInfo.InvariantCulture, $"13{random.Next(10)}{random.Next(10_000_000, 99_999_999)}"),
                ["职级"] = Ranks[random.Next(Ranks.Length)], ["退休日期"] = birth.AddYears(55 + random.Next(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["军休所编号"] = institution?.ToString(CultureInfo.InvariantCulture), ["居住方式"] = concentrated ? "集中居住" : "分散居住", ["类别"] = kind,
                ["失能"] = random.Next(100) < 12 ? "是" : "否", ["失智"] = random.Next(100) < 8 ? "是" : "否",
                ["独居"] = random.Next(100) < 15 ? "是" : "否", ["空巢"] = random.Next(100) < 25 ? "是" : "否",
                ["健康备注"] = random.Next(3) == 0 ? Notes[random.Next(Notes.Length)] : null,
                ["家属姓名"] = household ? Name(random, random.Next(2) == 0) : null, ["家属关系"] = household ? Relations[random.Next(Relations.Length)] : null,
                ["家属电话"] = household ? string.Create(CultureInfo.InvariantCulture, $"137{random.Next(10_000_000, 99_999_999)}") : null,
            };
        }
    }

    private static string Name(Random random, bool female)
    {
        var chars = female ? FemaleChars : MaleChars;
        var surname = Surnames[random.Next(Surnames.Length)];
        return random.Next(4) == 0 ? surname + chars[random.Next(chars.Length)] : surname + chars[random.Next(chars.Length)] + chars[random.Next(chars.Length)];
    }

    /// <summary>The 18th character of a resident ID number (GB 11643: weights 2^(17-i) mod 11).</summary>
    private static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * IdWeights[i];
        return "10X98765432"[sum % 11];
    }
}
