using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Auditing;
using Platform.Core.Workflows;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Bookings;

/// <summary>A batch may require a pre-stay fitness check signed off by a doctor; check-in is refused until it is recorded.</summary>
public sealed class FitnessCheck(SanatoriumsDbContext db, BookingQueries queries, IAuditLog audit, TimeProvider clock) : IWorkflowGuard
{
    public string Name => "fitness-check-signed";

    /// <summary>Records the doctor's sign-off (the sanatorium's staff, or the liaison officer or bureau who see the veteran).</summary>
    public async Task SignOffAsync(ClaimsPrincipal caller, long bookingId, string doctor, CancellationToken ct = default)
    {
        var view = await queries.RequireAsync(caller, bookingId, ct);
        if (string.IsNullOrWhiteSpace(doctor) || doctor.Trim().Length > 50)
            throw PlatformException.Invalid("请填写签字医生的姓名（50 字以内）。", "Enter the signing doctor's name.");
        if (view.Booking.Status is not (BookingStatus.Requested or BookingStatus.Confirmed))
            throw PlatformException.Conflict("只有待确认或已确认的预约可以登记入住前体检。", "Only a requested or confirmed booking takes a fitness sign-off.");
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Bookings.Where(b => b.Id == bookingId).ExecuteUpdateAsync(s => s.SetProperty(b => b.FitnessDoctor, doctor.Trim())
            .SetProperty(b => b.FitnessSignedAt, now).SetProperty(b => b.FitnessRecordedBy, BookingService.Actor(caller)).SetProperty(b => b.UpdatedAt, now), ct);
        await audit.WriteAsync(new AuditEntry("sanatorium.fitness-signed", BookingService.Actor(caller), view.Booking.RegionCode, SanatoriumsModule.Id,
            null, $"{view.Booking.VeteranName}：{doctor.Trim()}"), ct);
    }

    public async ValueTask<string?> RefuseAsync(WorkflowInstanceInfo instance, string transition, CancellationToken cancellationToken)
    {
        var row = await (from b in db.Bookings.AsNoTracking()
                         join t in db.Batches.AsNoTracking() on b.BatchId equals t.Id
                         where b.WorkflowInstanceId == instance.Id
                         select new { t.RequiresFitnessCheck, b.FitnessSignedAt, b.VeteranName }).FirstOrDefaultAsync(cancellationToken);
        if (row is null) return "未找到该预约。";
        return row.RequiresFitnessCheck && row.FitnessSignedAt is null
            ? $"本批次要求入住前体检合格并由医生签字确认，{row.VeteranName}尚未登记。请先在预约页登记签字医生，再办理入住。"
            : null;
    }
}
