using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Auditing;
using Platform.Core.Data;
using Platform.Core.Regions;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Organisations;

namespace Platform.Modules.Providers.Coverage;

/// <summary>A coverage request with its provider, as the pages and the API show it.</summary>
public sealed record CoverageItem(CoverageRequest Request, Provider Provider);

/// <summary>
/// Widening a provider's coverage: the provider asks to serve one more region; the bureau over that region (or the
/// platform administrator) approves it, which adds the region, or refuses it with a reason the provider sees. Each step
/// is audited. A request is visible to its provider's own staff and systems and to the bureaus over its region; to
/// anyone else it does not exist (404), even to the provider's vetting bureau in another province.
/// </summary>
public sealed class CoverageService(
    ProvidersDbContext db, ProviderService providers, IRegionDirectory regions, IAuditLog audit, TimeProvider clock)
{
    public async Task<CoverageRequest> RequestAsync(
        ClaimsPrincipal caller, long providerId, string regionCode, string? note, CancellationToken ct = default)
    {
        var provider = await providers.RequireAsync(caller, providerId, write: true, ct);
        if (provider.Status == ProviderStatus.Rejected)
            throw PlatformException.Conflict("入驻申请未通过的服务商不能申请扩展服务地区。", "A rejected provider cannot ask for more regions.");
        var code = (regionCode ?? "").Trim();
        var region = await regions.FindAsync(code, ct);
        if (region is not { Archived: false })
            throw PlatformException.Invalid($"地区“{code}”不存在或已归档，请填写六位地区代码，例如 330100。", $"Region '{code}' does not exist or is archived.");
        foreach (var served in provider.Regions)
        {
            if (await regions.FindAsync(served.RegionCode, ct) is { } s && s.Contains(region))
                throw PlatformException.Conflict($"本机构已在“{region.Name}”服务（服务地区 {s.Code}），无需申请。",
                    "The provider already serves that region.");
        }
        if (note is { Length: > 500 })
            throw PlatformException.Invalid("申请说明请控制在 500 字以内。", "Keep the note under 500 characters.");
        var open = db.CoverageRequests.Where(r => r.ProviderId == provider.Id && r.RegionCode == code
            && r.Status == CoverageStatus.Requested);
        if (await open.AnyAsync(ct))
            throw Pending(region);
        var request = new CoverageRequest
        {
            ProviderId = provider.Id, RegionCode = code, Status = CoverageStatus.Requested, Note = Blank(note),
            RequestedBy = Actor(caller), RequestedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.CoverageRequests.Add(request);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            throw Pending(region); // the same request sent twice at once
        }
        await audit.WriteAsync(new AuditEntry("provider.coverage-requested", Actor(caller), code, ProviderService.ModuleId,
            $"{provider.LegalName}（{provider.CreditCode}）", $"申请在{region.Name}（{code}）服务"), ct);
        return request;
    }

    /// <summary>The provider's requests the caller may see, newest first.</summary>
    public async Task<List<CoverageRequest>> OfProviderAsync(ClaimsPrincipal caller, long providerId, CancellationToken ct = default)
    {
        var provider = await providers.RequireAsync(caller, providerId, write: false, ct);
        var own = Own(caller, provider);
        var list = await db.CoverageRequests.AsNoTracking().Where(r => r.ProviderId == providerId)
            .OrderByDescending(r => r.Id).ToListAsync(ct);
        if (own) return list;
        var visible = new List<CoverageRequest>();
        foreach (var request in list)
            if (await providers.BureauOverAsync(caller, request.RegionCode, ct)) visible.Add(request);
        return visible;
    }

    /// <summary>
    /// Requests for regions in <paramref name="regionCode"/>'s subtree, which the caller decides on (a bureau over them),
    /// open ones first.
    /// </summary>
    public async Task<List<CoverageItem>> ForBureauAsync(ClaimsPrincipal caller, string regionCode, CancellationToken ct = default)
    {
        if (!await providers.BureauOverAsync(caller, regionCode, ct))
            throw PlatformException.NotFound("未找到该地区，或它不在您的管辖范围内。", "No such region in your scope.");
        var within = await providers.SubtreeAsync(regionCode, ct);
        var rows = await db.CoverageRequests.AsNoTracking().Where(r => within.Contains(r.RegionCode))
            .OrderBy(r => r.Status == CoverageStatus.Requested ? 0 : 1).ThenByDescending(r => r.Id).Take(500).ToListAsync(ct);
        var ids = rows.Select(r => r.ProviderId).Distinct().ToList();
        var owners = await db.Providers.AsNoTracking().Include(p => p.Regions).Where(p => ids.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, ct);
        return [.. rows.Select(r => new CoverageItem(r, owners[r.ProviderId]))];
    }

    /// <summary>Approves: the region joins the provider's regions served, in the same transaction; audited.</summary>
    public async Task<CoverageRequest> ApproveAsync(ClaimsPrincipal caller, long requestId, string? comment, CancellationToken ct = default)
    {
        var (request, provider) = await DecidableAsync(caller, requestId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Conditional: of two bureau staff deciding at once, one wins and the other is told.
            var decided = await db.CoverageRequests.Where(r => r.Id == request.Id && r.Status == CoverageStatus.Requested)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, CoverageStatus.Approved).SetProperty(r => r.DecidedBy, Actor(caller))
                    .SetProperty(r => r.DecidedAt, now).SetProperty(r => r.Reason, Blank(comment)), ct);
            if (decided == 0) throw Decided();
            if (!await db.ProviderRegions.AnyAsync(r => r.ProviderId == provider.Id && r.RegionCode == request.RegionCode, ct))
                db.ProviderRegions.Add(new ProviderRegion { ProviderId = provider.Id, RegionCode = request.RegionCode });
            await db.Providers.Where(p => p.Id == provider.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.UpdatedAt, now), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        await audit.WriteAsync(new AuditEntry("provider.coverage-approved", Actor(caller), request.RegionCode, ProviderService.ModuleId,
            $"{provider.LegalName}（{provider.CreditCode}）申请在 {request.RegionCode} 服务",
            "已批准" + (Blank(comment) is { } c ? "：" + c : "")), ct);
        return await db.CoverageRequests.AsNoTracking().SingleAsync(r => r.Id == request.Id, ct);
    }

    /// <summary>Refuses with a reason the provider sees; nothing else changes; audited.</summary>
    public async Task<CoverageRequest> RefuseAsync(ClaimsPrincipal caller, long requestId, string? reason, CancellationToken ct = default)
    {
        var (request, provider) = await DecidableAsync(caller, requestId, ct);
        if (Blank(reason) is not { } why)
            throw PlatformException.Invalid("不批准时请写明理由，服务商会看到它。", "Give the reason for refusing; the provider sees it.");
        if (why.Length > 500) throw PlatformException.Invalid("理由请控制在 500 字以内。", "Keep the reason under 500 characters.");
        var decided = await db.CoverageRequests.Where(r => r.Id == request.Id && r.Status == CoverageStatus.Requested)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, CoverageStatus.Refused).SetProperty(r => r.DecidedBy, Actor(caller))
                .SetProperty(r => r.DecidedAt, clock.GetUtcNow().UtcDateTime).SetProperty(r => r.Reason, why), ct);
        if (decided == 0) throw Decided();
        await audit.WriteAsync(new AuditEntry("provider.coverage-refused", Actor(caller), request.RegionCode, ProviderService.ModuleId,
            $"{provider.LegalName}（{provider.CreditCode}）申请在 {request.RegionCode} 服务", "未批准：" + why), ct);
        return await db.CoverageRequests.AsNoTracking().SingleAsync(r => r.Id == request.Id, ct);
    }

    /// <summary>The request if the caller decides on it: 404 unless a bureau over its region (the provider's own staff: 403).</summary>
    private async Task<(CoverageRequest, Provider)> DecidableAsync(ClaimsPrincipal caller, long requestId, CancellationToken ct)
    {
        var request = await db.CoverageRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == requestId, ct);
        if (request is null) throw Missing();
        var provider = await db.Providers.AsNoTracking().Include(p => p.Regions).SingleAsync(p => p.Id == request.ProviderId, ct);
        if (await providers.BureauOverAsync(caller, request.RegionCode, ct)) return (request, provider);
        if (Own(caller, provider))
            throw new PlatformException(403, "扩展服务地区申请由该地区的主管部门审批，本机构不能自行批准。", "The bureau of that region decides this request.");
        throw Missing();
    }

    private static bool Own(ClaimsPrincipal caller, Provider provider) =>
        GrantClaim.IsPlatformAdmin(caller) || GrantClaim.Of(caller).Any(g => g.OrganisationId == provider.OrganisationId);

    private static PlatformException Missing() =>
        PlatformException.NotFound("未找到该申请，或它不在您的管辖范围内。", "No such coverage request in your scope.");

    private static PlatformException Decided() =>
        PlatformException.Conflict("该申请已经处理过了，请刷新页面查看结果。", "The request has already been decided.");

    private static PlatformException Pending(RegionInfo region) =>
        PlatformException.Conflict($"已有在“{region.Name}”服务的申请正在审批，请等待结果。", "A request for that region is already waiting.");

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Actor(ClaimsPrincipal caller) => caller.Identity?.Name ?? "anonymous";
}
