using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Platform.Core.Data;
using Platform.Core.Workflows;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Bookings;

/// <summary>
/// The only code that moves beds: each change is one transaction holding a conditional update of the capacity row
/// (<c>Taken + n &lt;= Beds</c>), so two requests, two nodes or a retried request can never promise one bed twice;
/// the stay-day rows (primary key veteran + day) refuse overlapping stays in the same transaction.
/// </summary>
public sealed class BedLedger(SanatoriumsDbContext db)
{
    /// <summary>Takes <paramref name="beds"/> beds, or returns false (nothing changed) when they are not free.</summary>
    public async Task<bool> TakeAsync(long batchId, string roomType, int beds, CancellationToken ct) =>
        await db.Database.ExecuteSqlRawAsync(TakeSql(0), [beds, batchId, roomType], ct) == 1;

    /// <summary>The conditional update that takes beds, its parameters numbered from <paramref name="at"/>: beds, batch, room type.</summary>
    private static string TakeSql(int at) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"UPDATE sanatoriums_capacity SET \"Taken\" = \"Taken\" + {{{at}}} WHERE \"BatchId\" = {{{at + 1}}} AND \"RoomType\" = {{{at + 2}}} AND \"Taken\" + {{{at}}} <= \"Beds\"");

    /// <summary>
    /// Writes the stay's nights in one multi-row INSERT (EF Core's SQLite provider would send one statement per night,
    /// each inside the writer's turn). A night the veteran already spends elsewhere violates the primary key:
    /// <see cref="Platform.Core.Data.DbErrors.IsUniqueViolation"/> tells that error.
    /// </summary>
    public async Task AddDaysAsync(Batch batch, long veteranId, long bookingId, CancellationToken ct) =>
        await RunAsync(DaysCommand(batch, veteranId, bookingId, link: null, take: null), ct);

    /// <summary>
    /// A new booking's last write, in one command: links the booking to its process, writes its nights (as
    /// <see cref="AddDaysAsync"/>) and, last, takes its beds by the conditional update (<see cref="TakeAsync"/>), so on
    /// PostgreSQL the hot capacity row is locked only from here to the commit. False when the beds were not free (the
    /// caller rolls back: the link and nights are undone with it).
    /// </summary>
    public async Task<bool> AddDaysAndTakeAsync(Batch batch, Booking booking, long process, CancellationToken ct)
    {
        var (sql, values, nights) = DaysCommand(batch, booking.VeteranId, booking.Id, link: process, take: (booking.RoomType, booking.Beds));
        // Rows changed: the booking (1), its nights, and the capacity row (1, or 0 when full).
        return await db.Database.ExecuteSqlRawAsync(sql, values, ct) == 1 + nights + 1;
    }

    /// <summary>
    /// A new booking holding its beds, in one command inside the caller's open transaction (one round trip on
    /// PostgreSQL; on SQLite the write turn is held for one command): the booking row, its process (<paramref name="start"/>:
    /// the instance and its audit entry), the link between them, its nights and, last, the conditional update that takes
    /// its beds, so on PostgreSQL the hot capacity row is locked only from there to the commit. Later statements find the
    /// booking by its idempotency key and the process by its record (both unique). Null when the beds were not free: the
    /// caller rolls back and nothing is left. A night the veteran already spends elsewhere, or a key already used,
    /// throws a unique violation (<see cref="Platform.Core.Data.DbErrors.IsUniqueViolation"/>).
    /// </summary>
    public async Task<(long Booking, long Process)?> BookAsync(Batch batch, Booking booking, WorkflowStartStatements start, CancellationToken ct)
    {
        var sql = new SqlStatements();
        var key = booking.IdempotencyKey;
        sql.Add($"""
            INSERT INTO sanatoriums_bookings ("BatchId", "RoomType", "VeteranId", "VeteranName", "RegionCode", "Status", "Beds", "CompanionName",
              "CompanionRelation", "HoldsBeds", "IdempotencyKey", "ActedBy", "ActedAs", "Mobility", "CreatedAt", "UpdatedAt")
            VALUES ({booking.BatchId}, {booking.RoomType}, {booking.VeteranId}, {booking.VeteranName}, {booking.RegionCode}, {booking.Status}, {booking.Beds},
              {booking.CompanionName}, {booking.CompanionRelation}, {true}, {key}, {booking.ActedBy}, {booking.ActedAs}, {booking.Mobility},
              {booking.CreatedAt}, {booking.UpdatedAt})
            """);
        var id = sql.Part($"(SELECT \"Id\" FROM sanatoriums_bookings WHERE \"IdempotencyKey\" = {key})");
        var entity = sql.Part($"{EntityPrefix} || {id}");
        start.AddTo(sql, entity);
        sql.Add($"UPDATE sanatoriums_bookings SET \"WorkflowInstanceId\" = {start.InstanceId(sql, entity)} WHERE \"IdempotencyKey\" = {key}");
        var days = Days(batch, booking.VeteranId, 0);
        if (days.Count > 0)
            sql.Add($"INSERT INTO sanatoriums_stay_days (\"VeteranId\", \"Day\", \"BookingId\") VALUES {sql.Join(", ", days.Select(d => sql.Part($"({d.VeteranId}, {d.Day}, {id})")))}");
        sql.Add($"UPDATE sanatoriums_capacity SET \"Taken\" = \"Taken\" + {booking.Beds} WHERE \"BatchId\" = {batch.Id} AND \"RoomType\" = {booking.RoomType} AND \"Taken\" + {booking.Beds} <= \"Beds\"");
        sql.Add($"SELECT \"Id\", \"WorkflowInstanceId\" FROM sanatoriums_bookings WHERE \"IdempotencyKey\" = {key}");

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A booking's write runs inside the caller's transaction.");
        await using var command = sql.CreateCommand(db.Database.GetDbConnection(), transaction);
        (long, long) ids;
        int changed;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("The booking just written was not found.");
            ids = (reader.GetInt64(0), reader.GetInt64(1));
            while (await reader.NextResultAsync(ct)) { }
            await reader.CloseAsync();
            changed = reader.RecordsAffected;
        }
        // Rows changed: the booking, its instance, the audit entry, the link, its nights, and the capacity row (0 when full).
        return changed == 4 + days.Count + 1 ? ids : null;
    }

    /// <summary>A booking's process is attached to the record <c>booking:{id}</c>.</summary>
    public const string EntityPrefix = "booking:";

    private async Task RunAsync((string Sql, List<object> Values, int Nights) command, CancellationToken ct)
    {
        if (command.Values.Count > 0) await db.Database.ExecuteSqlRawAsync(command.Sql, command.Values, ct);
    }

    private static (string Sql, List<object> Values, int Nights) DaysCommand(Batch batch, long veteranId, long bookingId, long? link, (string RoomType, int Beds)? take)
    {
        var days = Days(batch, veteranId, bookingId);
        var sql = new System.Text.StringBuilder();
        var values = new List<object>(days.Count * 3 + 6);
        if (link is { } process)
        {
            sql.Append("UPDATE sanatoriums_bookings SET \"WorkflowInstanceId\" = {0} WHERE \"Id\" = {1};");
            values.AddRange([process, bookingId]);
        }
        for (var i = 0; i < days.Count; i++)
        {
            var at = values.Count;
            sql.Append(i == 0 ? " INSERT INTO sanatoriums_stay_days (\"VeteranId\", \"Day\", \"BookingId\") VALUES " : ", ")
                .Append(System.Globalization.CultureInfo.InvariantCulture, $"({{{at}}}, {{{at + 1}}}, {{{at + 2}}})");
            values.AddRange([days[i].VeteranId, days[i].Day, days[i].BookingId]);
        }
        if (days.Count > 0) sql.Append(';');
        if (take is var (roomType, beds))
        {
            sql.Append(' ').Append(TakeSql(values.Count));
            values.AddRange([beds, batch.Id, roomType]);
        }
        return (sql.ToString(), values, days.Count);
    }

    public static List<StayDay> Days(Batch batch, long veteranId, long bookingId)
    {
        var days = new List<StayDay>();
        for (var d = batch.StartDate; d < batch.EndDate; d = d.AddDays(1)) days.Add(new StayDay { VeteranId = veteranId, Day = d, BookingId = bookingId });
        return days;
    }

    /// <summary>
    /// Gives back a booking's beds and days, setting its final status. Exactly once: the booking's <c>HoldsBeds</c>
    /// flag is cleared by a conditional update in the same transaction, so a repeated event changes nothing.
    /// </summary>
    public async Task<bool> ReleaseAsync(long bookingId, string status, string? reason, DateTime nowUtc, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var released = await db.Bookings.Where(b => b.Id == bookingId && b.HoldsBeds)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.HoldsBeds, false).SetProperty(b => b.Status, status)
                .SetProperty(b => b.Reason, reason).SetProperty(b => b.UpdatedAt, nowUtc), ct);
        if (released == 1)
        {
            var booking = await db.Bookings.AsNoTracking().Where(b => b.Id == bookingId).Select(b => new { b.BatchId, b.RoomType, b.Beds }).SingleAsync(ct);
            await db.Capacity.Where(c => c.BatchId == booking.BatchId && c.RoomType == booking.RoomType)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Taken, c => c.Taken - booking.Beds), ct);
            await db.StayDays.Where(d => d.BookingId == bookingId).ExecuteDeleteAsync(ct);
        }
        await tx.CommitAsync(ct);
        return released == 1;
    }
}
