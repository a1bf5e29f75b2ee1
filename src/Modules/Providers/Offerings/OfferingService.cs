using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Regions;
using Platform.Core.Search;
using Platform.Modules.Providers.Search;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Organisations;
using Platform.Core.Text;

namespace Platform.Modules.Providers.Offerings;

/// <summary>
/// What a provider offers, in the regions it covers, at its own price (yuan in, fen stored). The provider sets every
/// field, within what the bureau vetted: the type is its category, the regions lie inside its approved regions.
/// </summary>
public sealed record OfferingInput(
    [SingleLine(32, Label = "服务类别")] string Type, [SingleLine(100, Label = "服务项目名称")] string Title,
    [MultiLine(2000, Label = "服务内容")] string Description,
    [property: SetBy(PlatformRoles.BureauAdmin, PlatformRoles.ProviderAdmin, PlatformRoles.ProviderStaff, PlatformRoles.ProviderSystem)]
    [SingleLine(12, Label = "覆盖地区代码")] IReadOnlyList<string> Regions,
    [SingleLine(200, Label = "服务时间")] string OpeningHours, int? Capacity, [SingleLine(500, Label = "无障碍说明")] string? Accessibility,
    decimal Price, [SingleLine(20, Label = "计价单位")] string Unit);

/// <summary>Offerings of a provider; only its own staff and systems, or its bureau, change them.</summary>
public sealed class OfferingService(ProvidersDbContext db, ProviderService providers, IRegionDirectory regions, ISearchIndex search, TimeProvider clock)
{
    public async Task<Offering> CreateAsync(ClaimsPrincipal caller, long providerId, OfferingInput input, CancellationToken ct = default)
    {
        var provider = await providers.RequireAsync(caller, providerId, write: true, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var offering = new Offering
        {
            ProviderId = provider.Id, Type = "", Title = "", Description = "", OpeningHours = "", Unit = "", CreatedAt = now,
            UpdatedBy = caller.Identity?.Name ?? "anonymous",
        };
        await ApplyAsync(offering, provider, input, caller, ct);
        db.Offerings.Add(offering);
        await db.SaveChangesAsync(ct);
        await OfferingSearchSource.MarkAsync(search, Documents(offering), ct);
        return offering;
    }

    public async Task<Offering> UpdateAsync(ClaimsPrincipal caller, long offeringId, OfferingInput input, CancellationToken ct = default)
    {
        var (offering, provider) = await RequireAsync(caller, offeringId, write: true, ct);
        var before = Documents(offering).ToList(); // a region dropped from the offering loses its document
        await ApplyAsync(offering, provider, input, caller, ct);
        await db.SaveChangesAsync(ct);
        await OfferingSearchSource.MarkAsync(search, before.Concat(Documents(offering)), ct);
        return offering;
    }

    public async Task WithdrawAsync(ClaimsPrincipal caller, long offeringId, CancellationToken ct = default)
    {
        var (offering, _) = await RequireAsync(caller, offeringId, write: true, ct);
        offering.Withdrawn = true;
        offering.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        offering.UpdatedBy = caller.Identity?.Name ?? "anonymous";
        await db.SaveChangesAsync(ct);
        await OfferingSearchSource.MarkAsync(search, Documents(offering), ct);
    }

    private static IEnumerable<(long, string)> Documents(Offering offering) => offering.Regions.Select(r => (offering.Id, r.RegionCode));

    /// <summary>The offering and its provider if the caller may see it (write: change it): 404 outside scope, 403 visible but not theirs.</summary>
    public async Task<(Offering Offering, Provider Provider)> RequireAsync(ClaimsPrincipal caller, long offeringId, bool write, CancellationToken ct = default)
    {
        var offering = await db.Offerings.Include(o => o.Regions).FirstOrDefaultAsync(o => o.Id == offeringId, ct)
            ?? throw PlatformException.NotFound("未找到该服务项目，或它不在您的管辖范围内。", "No such offering in your scope.");
        var provider = await providers.RequireAsync(caller, offering.ProviderId, write, ct);
        return (offering, provider);
    }

    public Task<List<Offering>> OfProviderAsync(long providerId, CancellationToken ct = default) =>
        db.Offerings.AsNoTracking().Include(o => o.Regions).Where(o => o.ProviderId == providerId && !o.Withdrawn).OrderBy(o => o.Id).ToListAsync(ct);

    private async Task ApplyAsync(Offering offering, Provider provider, OfferingInput input, ClaimsPrincipal caller, CancellationToken ct)
    {
        TextValidator.Validate(input, "服务项目"); // the demo data and every page come here too, not only the API
        ProviderCategories.Require(input.Type);
        // The category is what the bureau vetted (and which permits it checked): an offering of another kind is not vetted.
        if (input.Type != provider.Category)
            throw PlatformException.Invalid($"服务项目的类别须与本机构经审核的类别（{ProviderCategories.NameZh(provider.Category)}）一致；" +
                "如需提供其他类别的服务，请联系主管部门变更类别并补充许可证。", "An offering's type must be the provider's vetted category.");
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > 100)
            throw PlatformException.Invalid("请填写服务项目名称（100 字以内）。", "Enter the offering's name (up to 100 characters).");
        if (string.IsNullOrWhiteSpace(input.Description) || input.Description.Length > 2000)
            throw PlatformException.Invalid("请填写服务内容说明（2000 字以内）。", "Describe the offering (up to 2000 characters).");
        if (string.IsNullOrWhiteSpace(input.OpeningHours))
            throw PlatformException.Invalid("请填写服务时间，例如“周一至周五 8:00–17:00”。", "Enter the opening hours.");
        if (input.Capacity is <= 0)
            throw PlatformException.Invalid("容量须为正整数；不限容量请留空。", "Capacity must be positive, or empty.");
        if (input.Price < 0 || input.Price > 1_000_000 || decimal.Round(input.Price, 2) != input.Price)
            throw PlatformException.Invalid("价格须为不小于 0 的金额（元，最多两位小数）。", "The price must be a non-negative amount in yuan with at most two decimals.");
        if (string.IsNullOrWhiteSpace(input.Unit))
            throw PlatformException.Invalid("请填写计价单位，例如“次”“餐”“小时”。", "Enter the unit priced (per visit, meal, hour).");
        var covered = input.Regions.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (covered.Count == 0) throw PlatformException.Invalid("请至少选择一个覆盖地区。", "Choose at least one region covered.");
        var served = new List<RegionInfo>();
        foreach (var code in provider.Regions.Select(r => r.RegionCode))
            if (await regions.FindAsync(code, ct) is { } region) served.Add(region);
        foreach (var code in covered)
        {
            var region = await regions.FindAsync(code, ct);
            if (region is null || !served.Any(s => s.Contains(region)))
                throw PlatformException.Invalid($"地区“{code}”不在本机构经批准的服务地区内；如需在该地区服务，请先提交扩展服务地区申请。",
                    $"Region '{code}' is outside the regions the provider serves.");
        }
        offering.Type = input.Type;
        offering.Title = input.Title.Trim();
        offering.Description = input.Description.Trim();
        offering.OpeningHours = input.OpeningHours.Trim();
        offering.Capacity = input.Capacity;
        offering.Accessibility = string.IsNullOrWhiteSpace(input.Accessibility) ? null : input.Accessibility.Trim();
        offering.PriceFen = (long)(input.Price * 100);
        offering.Unit = input.Unit.Trim();
        offering.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        offering.UpdatedBy = caller.Identity?.Name ?? "anonymous";
        offering.Regions.RemoveAll(r => !covered.Contains(r.RegionCode));
        foreach (var code in covered.Where(c => offering.Regions.All(r => r.RegionCode != c)))
            offering.Regions.Add(new OfferingRegion { RegionCode = code });
    }
}
