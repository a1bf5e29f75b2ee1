using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Workflows;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Bookings;

/// <summary>Moves a booking through its process (confirm, check in, complete, no-show, cancel) or answers a waitlist offer (accept, decline).</summary>
public sealed class BookingActions(SanatoriumsDbContext db, IAccessScope access, IWorkflowEngine workflows)
{
    private static readonly HashSet<string> OfferTransitions = ["accept", "decline"];

    public async Task<Booking> FireAsync(ClaimsPrincipal caller, long bookingId, string transition, string? comment = null, CancellationToken ct = default)
    {
        var booking = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId, ct)
            ?? throw PlatformException.NotFound("未找到该预约。", "Booking not found.");
        var instanceId = OfferTransitions.Contains(transition) ? booking.OfferInstanceId : booking.WorkflowInstanceId;
        if (instanceId is null)
        {
            // Nothing to act on; still answer 404 to those who may not see the booking.
            if (await access.ForVeteranAsync(caller, booking.VeteranId.ToString(System.Globalization.CultureInfo.InvariantCulture), booking.RegionCode, false, ct) != AccessDecision.Allowed)
                throw PlatformException.NotFound("未找到该预约。", "Booking not found.");
            throw PlatformException.Conflict("该预约当前不能执行此操作，请刷新后查看最新状态。", "The booking cannot take this action now.");
        }
        var instance = await workflows.FindAsync(instanceId.Value, ct) ?? throw PlatformException.NotFound("未找到该预约。", "Booking not found.");
        // The veteran and family act through a grant naming the veteran, which the engine cannot match to a booking's region.
        var veteran = booking.VeteranId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (GrantClaim.Of(caller).Any(g => g.Role == PlatformRoles.Veteran && g.VeteranId == veteran))
            await workflows.FireAsRelatedAsync(instance.Id, transition, caller, PlatformRoles.Veteran, instance.Revision, comment, ct);
        else
            await workflows.FireAsync(instance.Id, transition, caller, instance.Revision, comment, ct);
        return await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == bookingId, ct);
    }
}
