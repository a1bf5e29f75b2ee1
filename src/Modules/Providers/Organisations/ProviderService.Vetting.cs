using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Regions;
using Platform.Modules.Providers.Data;

namespace Platform.Modules.Providers.Organisations;

/// <summary>Who may set what the bureau vets, and keeping offerings inside the regions served.</summary>
public sealed partial class ProviderService
{
    /// <summary>True when the caller is the platform administrator or a bureau over the provider's vetting (home) region.</summary>
    public async Task<bool> IsVettingBureauAsync(ClaimsPrincipal caller, Provider provider, CancellationToken ct) =>
        await BureauOverAsync(caller, provider.HomeRegion, ct);

    /// <summary>True when the caller is the platform administrator or a bureau administrator over the region.</summary>
    public async Task<bool> BureauOverAsync(ClaimsPrincipal caller, string regionCode, CancellationToken ct) =>
        GrantClaim.IsPlatformAdmin(caller) || await access.HoldsRoleOverAsync(caller, [PlatformRoles.BureauAdmin], regionCode, ct);

    private async Task EnsureMaySetAsync(
        ClaimsPrincipal caller, Provider provider, ProviderUpdate change, HashSet<string> served, HashSet<string> current,
        CancellationToken ct)
    {
        var vetting = await IsVettingBureauAsync(caller, provider, ct);
        var bureau = vetting || GrantClaim.Of(caller).Any(g => g.Role == PlatformRoles.BureauAdmin);
        void Fixed(bool changed, string zh, string en)
        {
            if (!changed) return;
            if (!bureau)
                throw FieldOwnership.Refused(zh, "它由主管部门登记，本机构不能修改；如有错误，请联系审核地区的主管部门。", en, "Ask the vetting bureau.");
            throw PlatformException.Invalid($"{zh}不能在此修改（由登记或入驻审批决定）。", $"The {en} cannot be changed here.");
        }
        Fixed(change.CreditCode is { } code && CreditCode.Normalise(code) != provider.CreditCode, "统一社会信用代码", "credit code");
        Fixed(change.OrganisationId is { } organisation && organisation.Trim() != provider.OrganisationId, "机构标识", "organisation id");
        Fixed(change.HomeRegion is { } home && home.Trim() != provider.HomeRegion, "审核地区", "vetting region");
        // The status follows the onboarding process (approve, suspend, reinstate), never a profile write.
        Fixed(change.Status is { } status && status.Trim() != provider.Status, "入驻状态", "status");
        if (!vetting && change.LegalName is { } name && name.Trim() != provider.LegalName)
            throw FieldOwnership.Refused("机构名称", $"请持新的营业执照联系审核地区（{provider.HomeRegion}）的主管部门变更。", "legal name", "Ask the vetting bureau.");
        if (!vetting && change.Category is { } category && category.Trim() != provider.Category)
            throw FieldOwnership.Refused("服务类别", $"请联系审核地区（{provider.HomeRegion}）的主管部门变更，并补充该类别所需的许可证。", "category",
                "Ask the vetting bureau.");
        foreach (var added in served.Where(c => !current.Contains(c)))
        {
            if (!await BureauOverAsync(caller, added, ct))
                throw FieldOwnership.Refused("服务地区", "请提交扩展服务地区申请。", "regions served", "Send a coverage request for the region.");
        }
        foreach (var removed in current.Where(c => !served.Contains(c)))
        {
            if (!vetting && !await BureauOverAsync(caller, removed, ct))
                throw FieldOwnership.Refused("服务地区", "如不再在某地区服务，请使用“停止服务”（审核地区不能停止）。", "regions served",
                    "To stop serving a region, use 'stop serving'.");
        }
    }

    /// <summary>
    /// Drops from the provider's offerings every region outside <paramref name="served"/>; an offering left with none is
    /// withdrawn. Returns the search documents that went.
    /// </summary>
    private async Task<List<(long, string)>> TrimOfferingsAsync(long providerId, IReadOnlyCollection<string> served, CancellationToken ct)
    {
        var within = new List<RegionInfo>();
        foreach (var code in served)
            if (await regions.FindAsync(code, ct) is { } region) within.Add(region);
        var dropped = new List<(long, string)>();
        foreach (var offering in await db.Offerings.Include(o => o.Regions).Where(o => o.ProviderId == providerId).ToListAsync(ct))
        {
            foreach (var covered in offering.Regions.ToList())
            {
                if (await regions.FindAsync(covered.RegionCode, ct) is { } region && within.Any(w => w.Contains(region))) continue;
                offering.Regions.Remove(covered);
                dropped.Add((offering.Id, covered.RegionCode));
            }
            if (offering.Regions.Count == 0 && !offering.Withdrawn)
            {
                offering.Withdrawn = true;
                offering.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            }
        }
        return dropped;
    }
}
