using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Modules.Sanatoriums.Calendars;

namespace Platform.Modules.Sanatoriums.Site;

/// <summary>Public addresses at <c>/r/{region}/sanatoriums/</c>: the family's calendar feed (reached only by its secret link).</summary>
public static class PublicPages
{
    public static void Map(RouteGroupBuilder pages) => pages.MapGet("/calendar/{token}.ics", Calendar);

    private static async Task<IResult> Calendar(string region, string token, HttpContext http, CalendarFeeds feeds)
    {
        var ics = token.Length is > 20 and < 100 ? await feeds.RenderAsync(region, token, http.RequestAborted) : null;
        if (ics is null) return Results.NotFound();
        http.Response.Headers.CacheControl = "no-store";
        return Results.Text(ics, "text/calendar; charset=utf-8");
    }
}
