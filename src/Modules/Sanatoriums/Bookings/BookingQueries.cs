using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Features;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Bookings;

/// <summary>A booking with its batch and sanatorium, as one caller may see it.</summary>
public sealed record BookingView(Booking Booking, Batch Batch, Sanatorium Sanatorium);

/// <summary>
/// Who may see a booking: those who may see the veteran (the veteran and family, liaison officers and bureaus of the
/// veteran's region) and the sanatorium's own staff and systems. Anyone else, or where the module is off: 404.
/// </summary>
public sealed class BookingQueries(SanatoriumsDbContext db, IAccessScope access, IFeatureGate features)
{
    public async Task<BookingView> RequireAsync(ClaimsPrincipal caller, long bookingId, CancellationToken ct = default)
    {
        var row = await (from b in db.Bookings.AsNoTracking()
                         join t in db.Batches.AsNoTracking() on b.BatchId equals t.Id
                         join s in db.Sanatoriums.AsNoTracking() on t.SanatoriumId equals s.Id
                         where b.Id == bookingId
                         select new BookingView(b, t, s)).FirstOrDefaultAsync(ct);
        if (row is null || !await features.IsEnabledAsync(row.Booking.RegionCode, SanatoriumsModule.Id, ct)) throw Missing();
        var key = row.Booking.VeteranId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (await access.ForVeteranAsync(caller, key, row.Booking.RegionCode, write: false, ct) == AccessDecision.Allowed) return row;
        if (GrantClaim.Of(caller).Any(g => g.OrganisationId == row.Sanatorium.OrganisationId && g.Role is PlatformRoles.ProviderAdmin
                or PlatformRoles.ProviderStaff or PlatformRoles.ProviderSystem)) return row;
        throw Missing();
    }

    private static PlatformException Missing() => PlatformException.NotFound("未找到该预约，或它不在您的管辖范围内。", "Booking not found.");
}
