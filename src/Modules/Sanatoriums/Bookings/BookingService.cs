using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Data;
using Platform.Core.Workflows;
using Platform.Modules.Providers.Contracts;
using Platform.Modules.Sanatoriums.Data;
using Platform.Modules.Veterans.Contracts;

namespace Platform.Modules.Sanatoriums.Bookings;

/// <param name="IdempotencyKey">Chosen by the client per booking attempt; a retry with the same key gets the first answer.</param>
/// <param name="JoinWaitlist">When the room type is full: join the waitlist (true) or be refused (false).</param>
/// <param name="AsFamily">For a veteran's own login: a family member is acting (recorded as such).</param>
/// <param name="Companion">A spouse or carer sharing the veteran's room: the booking takes two beds of the room type.</param>
/// <param name="Mobility">A <see cref="Data.Mobility"/> need (wheelchair, walker) that only an accessible room meets; null: none.</param>
public sealed record BookingRequest(long BatchId, long VeteranId, string RoomType, string IdempotencyKey, bool JoinWaitlist = true, bool AsFamily = false,
    Companion? Companion = null, string? Mobility = null);

/// <param name="Relation">配偶 (spouse) or 护理人员 (carer).</param>
public sealed record Companion(string Name, string Relation);

/// <summary>Either a booking (holding beds, or on the waitlist) or the rule that refused it; <c>Replayed</c>: an earlier answer to the same key.</summary>
public sealed record BookingResult(Booking? Booking, Refusal? Refusal, bool Replayed = false);

/// <summary>Books veterans into batches: eligibility, then one database transaction that takes the beds or joins the waitlist.</summary>
public sealed class BookingService(
    SanatoriumsDbContext db, BookingFactsReader facts, BedLedger ledger, Eligibility eligibility, IVeteranDirectory veterans, IProviderDirectory providers,
    IAccessScope access, IWorkflowEngine workflows, BookingWriteGate gate, TimeProvider clock)
{
    public async Task<BookingResult> RequestAsync(ClaimsPrincipal caller, BookingRequest request, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > 100)
            throw PlatformException.Invalid("缺少请求编号（Idempotency-Key，100 字符以内）。", "An idempotency key (up to 100 characters) is required.");
        // One prepared read of what this booking needs of the module's own tables (BookingFacts).
        var key = request.IdempotencyKey;
        var found = await facts.ReadAsync(request.BatchId, request.RoomType, key, request.VeteranId, ct);
        if ((found is null || found.Answered) && await FindByKeyAsync(key, ct) is { } first) return Replay(first, request);

        var veteran = await veterans.FindAsync(request.VeteranId, ct)
            ?? throw PlatformException.NotFound("未找到该军休干部。", "Veteran not found.");
        var actedAs = await ActingAsAsync(caller, veteran, request.AsFamily, ct);
        if (found is null) throw PlatformException.NotFound("未找到该疗养批次。", "Batch not found.");
        var (batch, organisationId) = (found.Batch, found.OrganisationId);
        var beds = found.Beds
            ?? throw PlatformException.Invalid($"本批次没有{RoomKinds.NameZh(request.RoomType)}，请选择其他房型。", "This batch has no such room type.");
        if (request.Companion is { } companion && (string.IsNullOrWhiteSpace(companion.Name) || companion.Name.Length > 50
            || companion.Relation is not ("配偶" or "护理人员") || request.RoomType == RoomKinds.SingleRoom))
            throw PlatformException.Invalid("陪同人员须填写姓名（50 字以内），关系为“配偶”或“护理人员”，并选择双人间或无障碍间同住。",
                "A companion needs a name, a relation (spouse or carer) and a double or accessible room to share.");
        if (!string.IsNullOrEmpty(request.Mobility) && !Mobility.All.Contains(request.Mobility))
            throw PlatformException.Invalid("行动需要只能是“使用轮椅”或“使用助行器、需扶手”，没有则不填。", "Mobility needs are wheelchair or walker.");
        var now = clock.GetUtcNow().UtcDateTime;
        if (!string.IsNullOrEmpty(request.Mobility) && Eligibility.RoomFor(veteran.Name, request.Mobility, request.RoomType, found.HasAccessible) is { } unsuitable)
            return new(null, unsuitable);
        if (await eligibility.CheckAsync(batch, veteran, await providers.OrderStatusAsync(organisationId, ct), now, ct) is { } refusal)
            return new(null, refusal);
        if (found.Overlaps)
            return await RefuseAsync(request, Eligibility.Overlapping(veteran.Name, batch), ct);

        var booking = new Booking
        {
            BatchId = batch.Id, RoomType = request.RoomType, VeteranId = veteran.Id, VeteranName = veteran.Name, RegionCode = veteran.RegionCode,
            Beds = request.Companion is null ? 1 : 2, CompanionName = request.Companion?.Name.Trim(), CompanionRelation = request.Companion?.Relation,
            IdempotencyKey = request.IdempotencyKey, Mobility = string.IsNullOrEmpty(request.Mobility) ? null : request.Mobility, ActedBy = Actor(caller), ActedAs = actedAs, CreatedAt = now, UpdatedAt = now,
        };
        // Full when read (a committed state): refused or waitlisted without taking the write turn. Otherwise one command
        // starts its process, writes the booking and its nights and last takes the beds (BedLedger.BookAsync); if the
        // beds went meanwhile, none of it stays and the request is answered as full.
        if (found.Free >= booking.Beds && await HoldAsync(request, booking, batch, organisationId, ct) is { } held)
            return held;
        if (!request.JoinWaitlist) return await RefuseAsync(request, Eligibility.Full(request.RoomType, beds), ct);
        booking.Status = BookingStatus.Waitlisted;
        try
        {
            db.Bookings.Add(booking);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return await RefuseAsync(request, Eligibility.Overlapping(veteran.Name, batch), ct); // this key was answered meanwhile
        }
        return new(booking, null);
    }

    /// <summary>
    /// The booking holding its beds, with its process and nights, in one transaction of one command
    /// (<see cref="BedLedger.BookAsync"/>); null when the beds went meanwhile.
    /// </summary>
    private async Task<BookingResult?> HoldAsync(BookingRequest request, Booking booking, Batch batch, string organisationId, CancellationToken ct)
    {
        // The process's definition, as customised for the region, is resolved before the transaction.
        var start = await workflows.PrepareStartAsync(SanatoriumsModule.Id, "booking", booking.RegionCode, booking.ActedBy, organisationId, ct)
            ?? throw new InvalidOperationException("The booking process's first state has entry actions; a booking's one-command write cannot start it.");
        try
        {
            // On PostgreSQL a few of these writes per batch at a time (BookingWriteGate), until they have committed or rolled back.
            using var turn = await gate.EnterAsync(batch.Id, booking.RoomType, ct);
            if (await ledger.BookAsync(batch, booking, start, ct) is not { } ids) return null;
            (booking.Id, booking.WorkflowInstanceId, booking.HoldsBeds, booking.Status) = (ids.Booking, ids.Process, true, BookingStatus.Requested);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // A unique key said no and nothing was written: either the same request was committed meanwhile (answer with
            // it) or another stay of this veteran took one of these days.
            return await RefuseAsync(request, Eligibility.Overlapping(booking.VeteranName, batch), ct);
        }
        return new(booking, null);
    }

    /// <summary>Starts the booking's process (requested → confirmed …); if that fails, the beds go back at once.</summary>
    internal async Task StartProcessAsync(Booking booking, string organisationId, string actor, CancellationToken ct)
    {
        try
        {
            var instance = await workflows.StartAsync(SanatoriumsModule.Id, "booking", Booking.Record(booking.Id), booking.RegionCode, actor, organisationId, ct);
            await db.Bookings.Where(b => b.Id == booking.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.WorkflowInstanceId, instance.Id), ct);
            booking.WorkflowInstanceId = instance.Id;
        }
        catch
        {
            await ledger.ReleaseAsync(booking.Id, BookingStatus.Cancelled, "流程未能启动，床位已退回", clock.GetUtcNow().UtcDateTime, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// A refusal, unless a retry of this same request committed meanwhile (its stay or bed is what this one ran into):
    /// then that first answer.
    /// </summary>
    private async Task<BookingResult> RefuseAsync(BookingRequest request, Refusal refusal, CancellationToken ct) =>
        await FindByKeyAsync(request.IdempotencyKey, ct) is { } first ? Replay(first, request) : new(null, refusal);

    private Task<Booking?> FindByKeyAsync(string key, CancellationToken ct) => db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.IdempotencyKey == key, ct);

    private static BookingResult Replay(Booking first, BookingRequest request) =>
        first.BatchId == request.BatchId && first.VeteranId == request.VeteranId && first.RoomType == request.RoomType
            && first.Beds == (request.Companion is null ? 1 : 2)
            ? new(first, null, Replayed: true)
            : throw PlatformException.Conflict("该请求编号已用于另一项预约，请换一个编号重新提交。", "This idempotency key was used for another booking.");

    /// <summary>
    /// Who may book for a veteran, and as whom: the veteran (or family, on the veteran's login), a liaison officer or
    /// bureau of the veteran's region, a platform administrator. Anyone else: 404 outside scope, 403 when visible.
    /// </summary>
    internal async Task<string> ActingAsAsync(ClaimsPrincipal caller, VeteranSummary veteran, bool asFamily, CancellationToken ct)
    {
        var grants = GrantClaim.Of(caller);
        var key = veteran.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (grants.Any(g => g.Role == PlatformRoles.Veteran && g.VeteranId == key)) return asFamily ? ActedAs.Family : ActedAs.Self;
        if (GrantClaim.IsPlatformAdmin(grants)) return ActedAs.Platform;
        if (await access.HoldsRoleOverAsync(caller, [PlatformRoles.BureauAdmin], veteran.RegionCode, ct)) return ActedAs.Bureau;
        if (await access.HoldsRoleOverAsync(caller, [PlatformRoles.LiaisonOfficer], veteran.RegionCode, ct)) return ActedAs.Liaison;
        var decision = await access.ForVeteranAsync(caller, key, veteran.RegionCode, write: false, ct);
        AccessScopeExtensions.Throw(decision == AccessDecision.Allowed ? AccessDecision.Forbidden : decision, veteran.Name);
        throw new InvalidOperationException("unreachable");
    }

    internal static string Actor(ClaimsPrincipal caller) => caller.Identity?.Name ?? "anonymous";
}

/// <summary>In whose name a booking was made ("done by X for Y").</summary>
public static class ActedAs
{
    public const string Self = "self";
    public const string Family = "family";
    public const string Liaison = "liaison";
    public const string Bureau = "bureau";
    public const string Platform = "platform";

    public static string NameZh(string actedAs) => actedAs switch
    {
        Self => "本人", Family => "家属", Liaison => "联络员", Bureau => "主管部门", Platform => "平台管理员", _ => actedAs,
    };

    /// <summary>"张三（联络员）为 李四 办理", shown on every booking.</summary>
    public static string Describe(Booking booking) => booking.ActedAs == Self
        ? $"{booking.VeteranName}本人办理"
        : $"{booking.ActedBy}（{NameZh(booking.ActedAs)}）为 {booking.VeteranName} 办理";
}
