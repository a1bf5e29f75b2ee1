using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Features;
using Platform.Core.Modules;
using Platform.Core.Regions;
using Platform.Modules.Sanatoriums.Bookings;
using Platform.Modules.Sanatoriums.Calendars;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Api;

/// <summary>
/// <c>/api/v1/sanatoriums</c>: sanatoriums and their batches (<c>sanatoriums.read</c>); booking a stay with an
/// <c>Idempotency-Key</c> header and cancelling it (<c>sanatoriums.book</c>: veterans and family, liaison officers,
/// bureaus); confirming it (<c>sanatoriums.manage</c>: the sanatorium's staff or its system's client-credentials
/// token). A refused booking answers a problem whose <c>rule</c> names the rule and whose title is the Chinese message.
/// </summary>
public static class SanatoriumApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/", List).WithName("SanatoriumsList").RequireScope("sanatoriums.read");
        var records = api.MapGroup("").WithMetadata(new RegionAgnosticEndpoint());
        records.MapGet("/{sanatoriumId:long}/batches", Batches).WithName("SanatoriumsBatches").RequireScope("sanatoriums.read");
        records.MapPost("/bookings", Book).WithName("SanatoriumsBook").RequireScope("sanatoriums.book");
        records.MapGet("/bookings/{bookingId:long}", GetBooking).WithName("SanatoriumsGetBooking").RequireScope("sanatoriums.read");
        records.MapPost("/bookings/{bookingId:long}/cancel", Cancel).WithName("SanatoriumsCancel").RequireScope("sanatoriums.book");
        records.MapPost("/bookings/{bookingId:long}/confirm", Confirm).WithName("SanatoriumsConfirm").RequireScope("sanatoriums.manage");
        records.MapPost("/bookings/{bookingId:long}/move", Move).WithName("SanatoriumsMove").RequireScope("sanatoriums.book");
        records.MapPost("/veterans/{veteranId:long}/calendar-feed", IssueFeed).WithName("SanatoriumsIssueCalendarFeed").RequireScope("sanatoriums.book");
    }

    /// <summary>Moves the booking (and its companion) to another batch: 201 with the new booking, or a refusal naming its rule.</summary>
    private static async Task<Results<Created<BookingDto>, Ok<BookingDto>, ProblemHttpResult>> Move(
        long bookingId, MoveDto input, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http, BookingMoves moves)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 100)
            throw PlatformException.Invalid("缺少请求编号（Idempotency-Key，100 字符以内）。", "An idempotency key (up to 100 characters) is required.");
        var result = await moves.MoveAsync(http.User, bookingId, input.BatchId, idempotencyKey, http.RequestAborted);
        if (result.Refusal is { } refusal) return Refused(refusal);
        var dto = BookingDto.Of(result.Booking!);
        return result.Replayed ? TypedResults.Ok(dto) : TypedResults.Created($"/api/v1/sanatoriums/bookings/{dto.Id}", dto);
    }

    /// <summary>A new family calendar link for the veteran (the old one stops working); shown once.</summary>
    private static async Task<Ok<CalendarFeedDto>> IssueFeed(long veteranId, HttpContext http, CalendarFeeds feeds)
    {
        var path = await feeds.IssueAsync(http.User, veteranId, http.RequestAborted);
        return TypedResults.Ok(new CalendarFeedDto(path, $"{http.Request.Scheme}://{http.Request.Host}{path}"));
    }

    /// <summary>Sanatoriums of the region's subtree (public facts), with their beds.</summary>
    private static async Task<Ok<List<SanatoriumDto>>> List(string region, HttpContext http, SanatoriumsDbContext db, IRegionDirectory regions)
    {
        var here = await regions.FindAsync(region, http.RequestAborted) ?? throw PlatformException.NotFound("未找到该地区。", "Region not found.");
        var codes = (await regions.AllAsync(http.RequestAborted)).Where(here.Contains).Select(r => r.Code).ToList();
        var list = await db.Sanatoriums.AsNoTracking().Include(s => s.RoomTypes).Where(s => codes.Contains(s.RegionCode)).OrderBy(s => s.Id).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(list.Select(s => new SanatoriumDto(s.Id, s.OrganisationId, s.RegionCode, s.Name, s.Location, s.Services, s.MedicalSupport, s.Notes,
            [.. s.RoomTypes.OrderBy(r => RoomOrder(r.Kind)).Select(r => new RoomBedsDto(r.Kind, RoomKinds.NameZh(r.Kind), r.Beds, 0))])).ToList());
    }

    private static async Task<Ok<List<BatchDto>>> Batches(long sanatoriumId, HttpContext http, SanatoriumsDbContext db, IFeatureGate features)
    {
        var sanatorium = await db.Sanatoriums.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sanatoriumId, http.RequestAborted);
        if (sanatorium is null || !await features.IsEnabledAsync(sanatorium.RegionCode, SanatoriumsModule.Id, http.RequestAborted))
            throw PlatformException.NotFound("未找到该疗养院。", "Sanatorium not found.");
        var batches = await db.Batches.AsNoTracking().Where(b => b.SanatoriumId == sanatoriumId).OrderBy(b => b.StartDate).ToListAsync(http.RequestAborted);
        var ids = batches.Select(b => b.Id).ToList();
        var capacity = await db.Capacity.AsNoTracking().Where(c => ids.Contains(c.BatchId)).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(batches.Select(b => Dto(b, capacity.Where(c => c.BatchId == b.Id))).ToList());
    }

    private static async Task<Results<Created<BookingDto>, Ok<BookingDto>, ProblemHttpResult>> Book(
        BookingRequestDto input, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http, BookingService bookings)
    {
        var companion = string.IsNullOrWhiteSpace(input.CompanionName) && string.IsNullOrWhiteSpace(input.CompanionRelation)
            ? null : new Companion(input.CompanionName ?? "", input.CompanionRelation ?? "");
        var result = await bookings.RequestAsync(http.User, new BookingRequest(input.BatchId, input.VeteranId, input.RoomType, idempotencyKey ?? "",
            input.JoinWaitlist, input.AsFamily, companion), http.RequestAborted);
        if (result.Refusal is { } refusal) return Refused(refusal);
        var dto = BookingDto.Of(result.Booking!);
        return result.Replayed ? TypedResults.Ok(dto) : TypedResults.Created($"/api/v1/sanatoriums/bookings/{dto.Id}", dto);
    }

    private static async Task<Ok<BookingDto>> GetBooking(long bookingId, HttpContext http, BookingQueries queries) =>
        TypedResults.Ok(BookingDto.Of((await queries.RequireAsync(http.User, bookingId, http.RequestAborted)).Booking));

    private static Task<Ok<BookingDto>> Cancel(long bookingId, TransitionDto? input, HttpContext http, BookingQueries queries, BookingActions actions) =>
        FireAsync(bookingId, "cancel", input?.Comment, http, queries, actions);

    private static Task<Ok<BookingDto>> Confirm(long bookingId, TransitionDto? input, HttpContext http, BookingQueries queries, BookingActions actions) =>
        FireAsync(bookingId, "confirm", input?.Comment, http, queries, actions);

    private static async Task<Ok<BookingDto>> FireAsync(long bookingId, string transition, string? comment, HttpContext http, BookingQueries queries, BookingActions actions)
    {
        await queries.RequireAsync(http.User, bookingId, http.RequestAborted); // 404 outside scope or where the module is off
        return TypedResults.Ok(BookingDto.Of(await actions.FireAsync(http.User, bookingId, transition, comment, http.RequestAborted)));
    }

    /// <summary>A refusal as a problem: capacity and overlap are conflicts (409), the other rules 422; <c>rule</c> names it.</summary>
    public static ProblemHttpResult Refused(Refusal refusal) => TypedResults.Problem(
        statusCode: refusal.Rule is Rules.Capacity or Rules.Overlap ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
        title: refusal.MessageZh, detail: refusal.MessageZh,
        extensions: new Dictionary<string, object?> { ["rule"] = refusal.Rule, ["message_zh"] = refusal.MessageZh, ["message_en"] = refusal.MessageEn });

    internal static BatchDto Dto(Batch b, IEnumerable<BatchCapacity> capacity) => new(
        b.Id, b.SanatoriumId, b.Title, b.StartDate, b.EndDate, b.PriceFen / 100m,
        b.ReservedRegions.Split(',', StringSplitOptions.RemoveEmptyEntries), b.BookingOpensAt, b.BookingClosesAt, b.MinAge, b.MaxAge,
        [.. capacity.OrderBy(c => RoomOrder(c.RoomType)).Select(c => new RoomBedsDto(c.RoomType, RoomKinds.NameZh(c.RoomType), c.Beds, c.Taken))]);

    private static int RoomOrder(string kind) => RoomKinds.All.ToList().IndexOf(kind);
}
