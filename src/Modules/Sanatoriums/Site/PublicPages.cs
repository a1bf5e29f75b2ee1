using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Regions;
using Platform.Core.Theming;
using Platform.Modules.Providers.Contracts;
using Platform.Modules.Sanatoriums.Calendars;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Site;

/// <summary>
/// Public addresses at <c>/r/{region}/sanatoriums/</c>: sanatoriums serving the region with their open batches and free
/// beds (template <c>templates/index.sbn</c>, overridable at <c>themes/{Theme}/templates/Sanatoriums/index.sbn</c>), and the
/// family's calendar feed (reached only by its secret link).
/// </summary>
public static class PublicPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/", Index);
        pages.MapGet("/calendar/{token}.ics", Calendar);
    }

    private static async Task<IResult> Index(string region, HttpContext http, SanatoriumsDbContext db, IRegionDirectory regions, IProviderDirectory providers,
        IThemeRenderer theme, TimeProvider clock)
    {
        var ct = http.RequestAborted;
        var here = await regions.FindAsync(region, ct);
        var related = (await regions.AllAsync(ct)).Where(r => here is not null && (r.Contains(here) || here.Contains(r))).Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var list = await db.Sanatoriums.AsNoTracking().Where(s => related.Contains(s.RegionCode)).OrderBy(s => s.Name).ToListAsync(ct);
        var ids = list.Select(s => s.Id).ToList();
        var batches = await db.Batches.AsNoTracking().Where(b => ids.Contains(b.SanatoriumId) && b.BookingOpensAt <= now && b.BookingClosesAt > now)
            .OrderBy(b => b.StartDate).ToListAsync(ct);
        var batchIds = batches.Select(b => b.Id).ToList();
        var capacity = await db.Capacity.AsNoTracking().Where(c => batchIds.Contains(c.BatchId)).ToListAsync(ct);
        var model = new List<Dictionary<string, object?>>();
        foreach (var s in list)
        {
            if (await providers.FindAsync(s.OrganisationId, ct) is not { Status: "approved" }) continue;
            model.Add(new()
            {
                ["id"] = s.Id, ["name"] = s.Name, ["location"] = s.Location, ["services"] = s.Services, ["medical"] = s.MedicalSupport, ["notes"] = s.Notes,
                ["batches"] = batches.Where(b => b.SanatoriumId == s.Id && OpenTo(b, related)).Select(b => Batch(b, capacity.Where(c => c.BatchId == b.Id).ToList())).ToList(),
            });
        }
        return await theme.RenderPageAsync(http, "Sanatoriums/index", new Dictionary<string, object?>
        {
            ["region_name"] = here?.Name ?? region, ["sanatoriums"] = model,
        }, $"{here?.Name}疗养安排");
    }

    /// <summary>Open to any region, or reserved for a region on this region's line (above or below it).</summary>
    private static bool OpenTo(Batch batch, IReadOnlySet<string> related) =>
        batch.ReservedRegions.Length == 0 || batch.ReservedRegions.Split(',').Any(related.Contains);

    private static Dictionary<string, object?> Batch(Batch b, List<BatchCapacity> capacity)
    {
        var free = capacity.Where(c => c.Beds > c.Taken).OrderBy(c => RoomKinds.All.ToList().IndexOf(c.RoomType)).Select(c => $"{RoomKinds.NameZh(c.RoomType)} {c.Beds - c.Taken} 张").ToList();
        var requirements = new List<string>();
        if (b.MinAge is { } min) requirements.Add($"{min} 岁及以上");
        if (b.MaxAge is { } max) requirements.Add($"{max} 岁及以下");
        if (b.RequiresFitnessCheck) requirements.Add("入住前须体检合格");
        return new()
        {
            ["id"] = b.Id, ["title"] = b.Title, ["dates"] = $"{b.StartDate:yyyy年M月d日} 至 {b.EndDate:yyyy年M月d日}",
            ["price"] = (b.PriceFen / 100m).ToString("0.##", CultureInfo.InvariantCulture), ["full"] = free.Count == 0, ["free"] = string.Join("、", free),
            ["closes"] = b.BookingClosesAt.AddHours(8).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture), ["requirements"] = string.Join("，", requirements),
        };
    }

    private static async Task<IResult> Calendar(string region, string token, HttpContext http, CalendarFeeds feeds)
    {
        var ics = token.Length is > 20 and < 100 ? await feeds.RenderAsync(region, token, http.RequestAborted) : null;
        if (ics is null) return Results.NotFound();
        http.Response.Headers.CacheControl = "no-store";
        return Results.Text(ics, "text/calendar; charset=utf-8");
    }
}
