using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Platform.Modules.Providers.Documents;
using Platform.Modules.Providers.Offerings;
using Platform.Modules.Providers.Onboarding;
using Platform.Modules.Providers.Organisations;
using Platform.Modules.Sanatoriums.Catalogue;
using Platform.Modules.Sanatoriums.Data;

namespace Bench.Generate;

/// <summary>
/// Providers through <see cref="ProviderService"/> (with their vetting scans), approved through the onboarding
/// workflow, one offering each; the first third are sanatorium operators, each of which registers one sanatorium
/// with <see cref="SanatoriumService"/> and a year of monthly batches. No bulk path exists for either module.
/// </summary>
public static class Suppliers
{
    private const string CreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly string[] Trades = ["康养", "颐年", "松鹤", "夕阳红", "福寿", "安康", "惠民", "暖心", "长青", "乐龄"];
    private static readonly (string Category, string Offering, decimal Price, string Unit)[] Kinds =
    [
        ("hospital", "优先就诊与年度体检", 300m, "次"), ("elder-care", "日间照料", 60m, "天"), ("canteen", "老年助餐·午餐配送", 15m, "餐"),
        ("housekeeping", "居家保洁（2 小时）", 80m, "次"), ("haircut-bathing", "上门理发助浴", 40m, "次"), ("massage", "康复推拿", 90m, "次"),
        ("counselling", "上门心理疏导", 150m, "次"), ("legal-aid", "法律咨询（半小时）", 20m, "次"), ("ride-hailing", "就医约车", 30m, "次"), ("property-maintenance", "水电维修", 50m, "次"),
    ];

    public static async Task<List<string>> ProvidersAsync(IServiceProvider services, Options options, IReadOnlyList<RegionTree.Row> prefectures, Progress progress)
    {
        var count = options.Count(3000, 2);
        var sanatoriums = options.Count(1000);
        var operators = new List<string>();
        var expires = Registry.Reference.AddYears(2);
        for (var i = 0; i < count; i++)
        {
            var region = prefectures[i % prefectures.Count];
            var kind = i < sanatoriums ? ("sanatorium", "短期疗养（七日）", 1680m, "人·期") : Kinds[i % Kinds.Length];
            var name = $"{region.Name}{Trades[i % Trades.Length]}{Platform.Modules.Providers.Organisations.ProviderCategories.NameZh(kind.Item1)}服务中心{i + 1}号";
            var body = "91" + region.Code + "MA" + Base31(i, 7);
            var input = new ProviderInput(name, body + CreditCode.CheckCharacter(body), kind.Item1, [region.Code], "张经理",
                string.Create(CultureInfo.InvariantCulture, $"0{800 + i % 100}-{3000000 + i}"), null, $"{region.Name}服务路 {i % 200 + 1} 号");
            await RegionTree.WithScope(services, async sp =>
            {
                var uploads = DocumentKinds.Mandatory(kind.Item1)
                    .Select(d => new DocumentUpload(d, new MemoryStream(Scan(i, d)), d + ".pdf", expires)).ToList();
                var (provider, _) = await sp.GetRequiredService<ProviderService>().RegisterAsync(input, uploads, "bench-generator", selfRegistration: false);
                await sp.GetRequiredService<OnboardingService>().DecideAsync(BenchHost.Admin, provider.Id, "approve", "证件齐全（基准数据）。");
                await sp.GetRequiredService<OfferingService>().CreateAsync(BenchHost.Admin, provider.Id, new OfferingInput(kind.Item1, kind.Item2,
                    $"{name}为军休干部提供的{kind.Item2}服务。", [region.Code], "周一至周六 8:00–18:00", 20 + i % 80, "无障碍入口", kind.Item3, kind.Item4));
                if (kind.Item1 == "sanatorium") operators.Add(provider.OrganisationId);
                return 0;
            });
            progress.Tick("providers", i + 1, count);
        }
        return operators;
    }

    /// <returns>Sanatoriums and batches created.</returns>
    public static async Task<(int Sanatoriums, int Batches)> SanatoriumsAsync(IServiceProvider services, IReadOnlyList<string> operators, Progress progress)
    {
        var batches = 0;
        var opens = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < operators.Count; i++)
        {
            var index = i;
            batches += await RegionTree.WithScope(services, async sp =>
            {
                var service = sp.GetRequiredService<SanatoriumService>();
                var beds = new Dictionary<string, int> { [RoomKinds.SingleRoom] = 10 + index % 10, [RoomKinds.DoubleRoom] = 20 + index % 20, [RoomKinds.AccessibleRoom] = 4 };
                var sanatorium = await service.CreateAsync(BenchHost.Admin, new SanatoriumInput(operators[index], $"军休疗养院 {index + 1} 号",
                    $"疗养路 {index % 300 + 1} 号", "康复理疗、健康体检、红色教育参观", index % 3 == 0 ? "二级甲等医院医疗保障" : "医务室 24 小时值班", null, beds));
                for (var month = 0; month < 12; month++)
                {
                    var start = new DateOnly(2027, 1, 4).AddMonths(month).AddDays(index % 7);
                    await service.CreateBatchAsync(BenchHost.Admin, sanatorium.Id, new BatchInput($"{start:yyyy 年 M 月}疗养批次", start, start.AddDays(7),
                        1680m + index % 5 * 100, beds, [], opens, start.AddDays(-3).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), 60, 100));
                }
                return 12;
            });
            progress.Tick("sanatoriums", i + 1, operators.Count);
        }
        return (operators.Count, batches);
    }

    private static string Base31(int n, int length)
    {
        var chars = new char[length];
        for (var i = length - 1; i >= 0; i--, n /= CreditAlphabet.Length) chars[i] = CreditAlphabet[n % CreditAlphabet.Length];
        return new string(chars);
    }

    /// <summary>A small valid one-page PDF standing in for a scanned certificate.</summary>
    private static byte[] Scan(int i, string kind) => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
        $"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n% bench {kind} {i}\n");
}
