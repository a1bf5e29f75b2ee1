using System.Security.Claims;
using System.Text;
using Platform.Core.Access;
using Platform.Core.Modules;
using Platform.Modules.Providers.Documents;
using Platform.Modules.Providers.Offerings;
using Platform.Modules.Providers.Onboarding;
using Platform.Modules.Providers.Organisations;
using Platform.Modules.Providers.Ratings;

namespace Platform.Modules.Providers.Demo;

/// <summary>
/// Demo providers in Neijiang and Hangzhou (demo-provider-a and demo-provider-b among them, matching the recipe's
/// grants and clients), with documents, offerings, reference prices and ratings. Deterministic: the same records, in
/// the same order, every time (demo-provider-a's first offering is offering 1).
/// </summary>
public sealed class ProvidersDemoData(
    ProviderService providers, OnboardingService onboarding, OfferingService offerings, ReferencePriceService prices, RatingService ratings, TimeProvider clock)
    : IModuleDemoData
{
    private static readonly ClaimsPrincipal Recipe = new(new ClaimsIdentity(
        [new Claim("name", "recipe"), new Claim(GrantClaim.ClaimType, new GrantClaim(PlatformRoles.PlatformAdmin, null, null).Format())], "recipe", "name", "role"));

    private sealed record DemoProvider(
        string? OrganisationId, string Name, string Code, string Category, string[] Regions, string Phone, string Address, bool Approve,
        (string Title, string Hours, decimal Price, string Unit, int? Capacity, string Accessibility)[] Offerings, int[] Scores);

    private static readonly DemoProvider[] Providers =
    [
        new("demo-provider-a", "内江市甲助餐服务有限公司", "91511000MA62A0001K", "canteen", ["511000"], "0832-2000001", "内江市市中区玉溪路 8 号", true,
            [("老年助餐·午餐配送", "每日 10:30–12:30", 18.00m, "餐", 200, "送餐上门，可送到床边"), ("长者食堂堂食", "每日 11:00–13:00、17:00–18:30", 12.00m, "餐", 80, "无台阶入口，设轮椅位")],
            [5, 4, 5, 4]),
        new(null, "内江市甜城康养疗养院", "91511000MA62A0002N", "sanatorium", ["511000"], "0832-2000002", "内江市东兴区疗养路 1 号", true,
            [("短期疗养（七日）", "每月两批，逢 1 日、16 日入住", 1680.00m, "人·期", 60, "电梯、无障碍卫生间，可带陪护")], [5, 5, 4]),
        new(null, "市中区暖心家政服务中心", "52511002MJ0A00003A", "housekeeping", ["511002"], "0832-2000003", "内江市市中区新华路 21 号", true,
            [("居家保洁（2 小时）", "周一至周六 8:00–18:00", 80.00m, "次", null, "上门服务")], [4, 3]),
        new(null, "东兴区乐龄理发助浴店", "91511011MA62A0004T", "haircut-bathing", ["511011"], "0832-2000004", "内江市东兴区东兴街 5 号", false,
            [], []),
        new("demo-provider-b", "杭州乙出行服务有限公司", "91330100MA2A000052", "ride-hailing", ["330100"], "0571-8000005", "杭州市上城区解放路 100 号", true,
            [("就医约车", "每日 6:30–21:00，提前一天预约", 30.00m, "次", null, "可放轮椅，司机搀扶上下车")], [4, 5, 4]),
        new(null, "西湖区心晴心理咨询中心", "91330106MA2A00006U", "counselling", ["330106"], "0571-8000006", "杭州市西湖区文三路 66 号", true,
            [("上门心理疏导（1 小时）", "周二、周四 9:00–17:00", 150.00m, "次", 10, "上门服务，可电话预约")], [5, 4]),
    ];

    public string ModuleId => ProvidersModule.Id;

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        await prices.SetAsync(Recipe, "511000", "canteen", 15.00m, "餐", cancellationToken);
        await prices.SetAsync(Recipe, "511000", "housekeeping", 90.00m, "次", cancellationToken);
        await prices.SetAsync(Recipe, "330100", "ride-hailing", 35.00m, "次", cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var demo in Providers)
        {
            var input = new ProviderInput(demo.Name, demo.Code, demo.Category, demo.Regions, "张经理", demo.Phone, null, demo.Address, demo.OrganisationId);
            var uploads = DocumentKinds.Mandatory(demo.Category)
                .Select(kind => new DocumentUpload(kind, new MemoryStream(Scan(demo.Name, kind)), kind + ".pdf", today.AddYears(2))).ToList();
            var (provider, _) = await providers.RegisterAsync(input, uploads, "recipe", selfRegistration: false, cancellationToken);
            if (!demo.Approve) continue;
            await onboarding.DecideAsync(Recipe, provider.Id, "approve", "演示数据：证件齐全，合同已签订。", cancellationToken);
            foreach (var o in demo.Offerings)
            {
                await offerings.CreateAsync(Recipe, provider.Id, new OfferingInput(demo.Category, o.Title,
                    $"{demo.Name}为军休干部提供的{o.Title}服务。", demo.Regions, o.Hours, o.Capacity, o.Accessibility, o.Price, o.Unit), cancellationToken);
            }
            var liaison = demo.Regions[0].StartsWith("51", StringComparison.Ordinal);
            var i = 0;
            foreach (var score in demo.Scores)
            {
                await ratings.RateAsync(Recipe, provider.Id, null, demo.Regions[0], score, score >= 5 ? "服务周到，老同志很满意。" : "总体满意。",
                    liaison ? $"老同志{++i}号" : $"杭州老同志{++i}号", cancellationToken);
            }
        }
    }

    /// <summary>A small, valid one-page PDF standing in for a scanned certificate.</summary>
    private static byte[] Scan(string name, string kind) => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n% demo " + kind + " " + name.Length);
}
