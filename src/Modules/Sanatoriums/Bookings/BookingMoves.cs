using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Data;
using Platform.Core.Workflows;
using Platform.Modules.Providers.Contracts;
using Platform.Modules.Sanatoriums.Data;
using Platform.Modules.Veterans.Contracts;

namespace Platform.Modules.Sanatoriums.Bookings;

/// <summary>
/// Moves a held booking (with its companion) to another batch: in one transaction the new batch's beds are taken by a
/// conditional update, the old beds and days are given back and the new booking takes its days and starts its own process;
/// so the veteran never holds both, nor neither. The old booking's process is then cancelled (its beds go to that batch's
/// waitlist).
/// </summary>
public sealed class BookingMoves(
    SanatoriumsDbContext db, BedLedger ledger, BookingService bookings, BookingQueries queries, Eligibility eligibility, IVeteranDirectory veterans,
    IProviderDirectory providers, IWorkflowEngine workflows, TimeProvider clock)
{
    public async Task<BookingResult> MoveAsync(ClaimsPrincipal caller, long bookingId, long targetBatchId, string idempotencyKey, CancellationToken ct = default)
    {
        var (old, from, _) = await queries.RequireAsync(caller, bookingId, ct);
        if (await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.IdempotencyKey == idempotencyKey, ct) is { } first)
            return first.VeteranId == old.VeteranId && first.BatchId == targetBatchId ? new(first, null, Replayed: true)
                : throw PlatformException.Conflict("该请求编号已用于另一项预约，请换一个编号重新提交。", "This idempotency key was used for another booking.");
        if (!old.HoldsBeds || old.Status is not (BookingStatus.Requested or BookingStatus.Confirmed))
            throw PlatformException.Conflict("只有待确认或已确认的预约可以改期。", "Only a requested or confirmed booking can be moved.");
        var veteran = await veterans.FindAsync(old.VeteranId, ct) ?? throw PlatformException.NotFound("未找到该军休干部。", "Veteran not found.");
        // The same request a new booking would be (the caller must be one who may book for the veteran).
        var request = new BookingRequest(targetBatchId, old.VeteranId, old.RoomType, idempotencyKey, JoinWaitlist: false, AsFamily: old.ActedAs == ActedAs.Family,
            Companion: old.CompanionName is { } name ? new Companion(name, old.CompanionRelation ?? "") : null, Mobility: old.Mobility);
        var actedAs = await bookings.ActingAsAsync(caller, veteran, request.AsFamily, ct);
        var batch = await db.Batches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == targetBatchId, ct) ?? throw PlatformException.NotFound("未找到该疗养批次。", "Batch not found.");
        if (batch.Id == from.Id) throw PlatformException.Invalid("请选择另一个批次。", "Choose another batch.");
        var sanatorium = await db.Sanatoriums.AsNoTracking().SingleAsync(s => s.Id == batch.SanatoriumId, ct);
        var capacity = await db.Capacity.AsNoTracking().FirstOrDefaultAsync(c => c.BatchId == batch.Id && c.RoomType == old.RoomType, ct)
            ?? throw PlatformException.Invalid($"新批次没有{RoomKinds.NameZh(old.RoomType)}，请选择其他批次。", "The batch has no such room type.");
        var now = clock.GetUtcNow().UtcDateTime;
        if (await eligibility.CheckAsync(batch, veteran, await providers.OrderStatusAsync(sanatorium.OrganisationId, ct), now, ct) is { } refusal) return new(null, refusal);

        var moved = new Booking
        {
            BatchId = batch.Id, RoomType = old.RoomType, VeteranId = old.VeteranId, VeteranName = old.VeteranName, RegionCode = old.RegionCode,
            Status = BookingStatus.Requested, HoldsBeds = true, Beds = old.Beds, CompanionName = old.CompanionName, CompanionRelation = old.CompanionRelation,
            Mobility = old.Mobility, IdempotencyKey = idempotencyKey, ActedBy = BookingService.Actor(caller), ActedAs = actedAs,
            Reason = $"由“{from.Title}”改期而来", CreatedAt = now, UpdatedAt = now,
        };
        JoinedWorkflowStart started;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (!await ledger.TakeAsync(batch.Id, old.RoomType, old.Beds, ct))
                return new(null, Eligibility.Full(old.RoomType, capacity.Beds));
            if (await db.Bookings.Where(b => b.Id == old.Id && b.HoldsBeds).ExecuteUpdateAsync(s => s.SetProperty(b => b.HoldsBeds, false)
                    .SetProperty(b => b.Status, BookingStatus.Cancelled).SetProperty(b => b.Reason, $"已改到“{batch.Title}”").SetProperty(b => b.UpdatedAt, now), ct) == 0)
                throw PlatformException.Conflict("该预约刚被别人改动，请刷新后再试。", "The booking changed meanwhile.");
            await db.Capacity.Where(c => c.BatchId == from.Id && c.RoomType == old.RoomType).ExecuteUpdateAsync(s => s.SetProperty(c => c.Taken, c => c.Taken - old.Beds), ct);
            await db.StayDays.Where(d => d.BookingId == old.Id).ExecuteDeleteAsync(ct);
            db.Bookings.Add(moved);
            await db.SaveChangesAsync(ct);
            started = await workflows.StartAsync(db, SanatoriumsModule.Id, "booking", Booking.Record(moved.Id), moved.RegionCode, moved.ActedBy, sanatorium.OrganisationId, ct);
            moved.WorkflowInstanceId = started.Instance.Id;
            await db.SaveChangesAsync(ct);
            await ledger.AddDaysAsync(batch, moved.Id, ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception ex) when (ex is DbUpdateException || DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return new(null, Eligibility.Overlapping(veteran.Name, batch)); // another stay of the veteran, or this key already used
        }
        // The old process ends as cancelled (its status follows, its beds are offered to that batch's waitlist, its reminder withdrawn).
        if (old.WorkflowInstanceId is { } process && await workflows.FindAsync(process, ct) is { } instance)
            await workflows.FireAsync(instance.Id, "cancel", SystemActor.Principal, instance.Revision, $"改期到“{batch.Title}”", ct);
        await started.AfterCommitAsync(ct);
        return new(moved, null);
    }
}
