using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Regions;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Organisations;

namespace Platform.Modules.Providers.Ratings;

/// <summary>Average, count and trend (the last 90 days against the 90 before) of a provider's or offering's ratings.</summary>
public sealed record RatingSummary(double? Average, int Count, double? RecentAverage, double? PreviousAverage)
{
    /// <summary>"up", "down", "steady", or null when either period has no ratings.</summary>
    public string? Trend => RecentAverage is { } r && PreviousAverage is { } p ? (r - p > 0.2 ? "up" : p - r > 0.2 ? "down" : "steady") : null;

    public string TrendZh => Trend switch { "up" => "上升", "down" => "下降", "steady" => "持平", _ => "数据不足" };
}

public sealed record RankingRow(int Rank, Provider Provider, RatingSummary Summary);

/// <summary>Ratings of delivered services by the served person or their liaison officer, and the bureau's ranking.</summary>
public sealed class RatingService(ProvidersDbContext db, ProviderService providers, IAccessScope access, IRegionDirectory regions, TimeProvider clock)
{
    public static readonly TimeSpan TrendWindow = TimeSpan.FromDays(90);

    /// <summary>
    /// Records a rating. A veteran rates for themselves; a liaison officer (or bureau) of the region rates on a served
    /// person's behalf and names them. Scores are whole stars from 1 to 5.
    /// </summary>
    public async Task<Rating> RateAsync(ClaimsPrincipal caller, long providerId, long? offeringId, string regionCode, int score, string? comment, string? onBehalfOf, CancellationToken ct = default)
    {
        if (score is < 1 or > 5) throw PlatformException.Invalid("评分须为 1 到 5 颗星。", "The score must be 1 to 5 stars.");
        if (comment?.Length > 1000) throw PlatformException.Invalid("评价内容请控制在 1000 字以内。", "Keep the comment under 1000 characters.");
        var provider = await providers.RequireAsync(caller, providerId, write: false, ct);
        var grants = GrantClaim.Of(caller);
        var isVeteran = grants.Any(g => g.Role == PlatformRoles.Veteran);
        var staffOfRegion = GrantClaim.IsPlatformAdmin(grants)
            || await access.HoldsRoleOverAsync(caller, [PlatformRoles.LiaisonOfficer, PlatformRoles.BureauAdmin], regionCode, ct);
        if (!isVeteran && !staffOfRegion)
            throw new PlatformException(403, "只有接受服务的本人或所在地区的联络员可以评价。", "Only the served person or their liaison officer may rate.");
        if (!isVeteran && string.IsNullOrWhiteSpace(onBehalfOf))
            throw PlatformException.Invalid("代为评价时，请填写接受服务的老同志（姓名或编号）。", "Name the served person you rate for.");
        if (offeringId is { } oid && !await db.Offerings.AnyAsync(o => o.Id == oid && o.ProviderId == provider.Id, ct))
            throw PlatformException.Invalid("该服务项目不属于此服务商。", "The offering is not this provider's.");
        var rating = new Rating
        {
            ProviderId = provider.Id, OfferingId = offeringId, RegionCode = regionCode, Score = score, Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
            RatedBy = caller.Identity?.Name ?? "anonymous", OnBehalfOf = isVeteran ? null : onBehalfOf!.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Ratings.Add(rating);
        await db.SaveChangesAsync(ct);
        return rating;
    }

    public Task<RatingSummary> SummaryAsync(long providerId, long? offeringId = null, CancellationToken ct = default) =>
        SummarizeAsync(db.Ratings.Where(r => r.ProviderId == providerId && (offeringId == null || r.OfferingId == offeringId)), ct);

    /// <summary>Approved providers serving in the region's subtree, best average first (ties: more ratings first).</summary>
    public async Task<List<RankingRow>> RankingAsync(ClaimsPrincipal caller, string regionCode, CancellationToken ct = default)
    {
        await access.EnsureAsync(caller, regionCode, write: false, ct);
        var subtree = await providers.SubtreeAsync(regionCode, ct);
        var list = await db.Providers.AsNoTracking().Include(p => p.Regions)
            .Where(p => p.Status == ProviderStatus.Approved && p.Regions.Any(r => subtree.Contains(r.RegionCode))).ToListAsync(ct);
        var rows = new List<(Provider Provider, RatingSummary Summary)>();
        foreach (var provider in list)
            rows.Add((provider, await SummarizeAsync(db.Ratings.Where(r => r.ProviderId == provider.Id && subtree.Contains(r.RegionCode)), ct)));
        return [.. rows.OrderByDescending(r => r.Summary.Average ?? 0).ThenByDescending(r => r.Summary.Count).ThenBy(r => r.Provider.Id)
            .Select((r, i) => new RankingRow(i + 1, r.Provider, r.Summary))];
    }

    private async Task<RatingSummary> SummarizeAsync(IQueryable<Rating> ratings, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await ratings.AsNoTracking().Select(r => new { r.Score, r.CreatedAt }).ToListAsync(ct);
        static double? Avg(IEnumerable<int> scores) => scores.Any() ? Math.Round(scores.Average(), 2) : null;
        return new RatingSummary(Avg(rows.Select(r => r.Score)), rows.Count,
            Avg(rows.Where(r => r.CreatedAt > now - TrendWindow).Select(r => r.Score)),
            Avg(rows.Where(r => r.CreatedAt <= now - TrendWindow && r.CreatedAt > now - 2 * TrendWindow).Select(r => r.Score)));
    }

    /// <summary>The region's name, for pages.</summary>
    public async Task<string> RegionNameAsync(string code, CancellationToken ct) => (await regions.FindAsync(code, ct))?.Name ?? code;
}
