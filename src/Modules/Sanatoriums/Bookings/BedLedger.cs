using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Platform.Core.Data;
using Platform.Core.Workflows;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Bookings;

/// <summary>
/// The only code that moves beds: each change is one transaction holding an update of the capacity row that the
/// database refuses past its beds (a conditional update, <c>Taken + n &lt;= Beds</c>, or the row's check constraint), so
/// two requests, two nodes or a retried request can never promise one bed twice; the stay-day rows (primary key
/// veteran + day) refuse overlapping stays in the same transaction.
/// </summary>
public sealed class BedLedger(SanatoriumsDbContext db, DatabaseSettings database)
{
    /// <summary>Takes <paramref name="beds"/> beds, or returns false (nothing changed) when they are not free.</summary>
    public async Task<bool> TakeAsync(long batchId, string roomType, int beds, CancellationToken ct) =>
        await db.Database.ExecuteSqlRawAsync(TakeSql, [beds, batchId, roomType], ct) == 1;

    private const string TakeSql =
        "UPDATE sanatoriums_capacity SET \"Taken\" = \"Taken\" + {0} WHERE \"BatchId\" = {1} AND \"RoomType\" = {2} AND \"Taken\" + {0} <= \"Beds\"";

    /// <summary>
    /// Writes the stay's nights in one statement inside the caller's transaction (EF Core's SQLite provider would send
    /// one statement per night, each inside the writer's turn). A night the veteran already spends elsewhere violates the primary key:
    /// <see cref="Platform.Core.Data.DbErrors.IsUniqueViolation"/> tells that error.
    /// </summary>
    public async Task AddDaysAsync(Batch batch, long bookingId, CancellationToken ct)
    {
        var sql = new SqlStatements();
        if (AddNights(sql, batch, sql.Part($"b.\"Id\" = {bookingId}")) == 0) return;
        await using var command = sql.CreateCommand(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction());
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Adds the statement writing the booking's nights (one row per night of <paramref name="batch"/>, the veteran taken
    /// from the booking row <paramref name="booking"/> selects as <c>b</c>); returns the number of nights.
    /// </summary>
    private static int AddNights(SqlStatements sql, Batch batch, SqlPart booking)
    {
        var nights = Nights(batch);
        if (nights.Count > 0)
            sql.Add($"""
                INSERT INTO sanatoriums_stay_days ("VeteranId", "Day", "BookingId")
                SELECT b."VeteranId", n.column1, b."Id" FROM sanatoriums_bookings b, (VALUES {sql.Join(", ", nights.Select(d => sql.Part($"({d})")))}) n
                WHERE {booking}
                """);
        return nights.Count;
    }

    /// <summary>
    /// A new booking holding its beds, in one command that commits or rolls back as a whole: its process
    /// (<paramref name="start"/>: the instance and its audit entry), the booking row linked to it, its nights and, last,
    /// the update that takes its beds. On PostgreSQL that command is its own transaction (every statement up to the
    /// protocol's Sync commits together or not at all): one round trip, and the hot capacity row is locked from the
    /// update to the end of that command only. On SQLite it runs in an explicit transaction (the write turn). The
    /// booking's id is drawn first, as the database would draw it, so the process can name it and the booking is written
    /// once (updating it afterwards rewrote the row and its six index entries). Null when the beds were not free: the
    /// capacity row's check constraint (<c>Taken &lt;= Beds</c>) refused the update and nothing was written. A night the
    /// veteran already spends elsewhere, or a key already used, throws a unique violation (<see cref="DbErrors.IsUniqueViolation"/>).
    /// </summary>
    public async Task<(long Booking, long Process)?> BookAsync(Batch batch, Booking booking, WorkflowStartStatements start, CancellationToken ct)
    {
        var sql = new SqlStatements();
        var key = booking.IdempotencyKey;
        SqlPart id;
        if (database.Kind == DatabaseKind.Postgres)
        {
            // Drawn by a statement of its own (its row is skipped below); currval is this session's last draw. In a
            // subselect, so it is evaluated once per statement: compared bare to an indexed column, a volatile function
            // turns the index lookup into a scan of the whole table.
            sql.Add($"SELECT nextval(pg_get_serial_sequence('sanatoriums_bookings', 'Id'))");
            id = sql.Part($"(SELECT currval(pg_get_serial_sequence('sanatoriums_bookings', 'Id')))");
        }
        else
        {
            // AUTOINCREMENT's own choice, inside the write turn (one writer at a time): above every id ever used.
            id = sql.Part($"""
                (SELECT max(COALESCE((SELECT "seq" FROM sqlite_sequence WHERE "name" = 'sanatoriums_bookings'), 0),
                            COALESCE((SELECT max("Id") FROM sanatoriums_bookings), 0)) + 1)
                """);
        }
        var entity = sql.Part($"{Booking.RecordPrefix} || {id}");
        start.AddTo(sql, entity);
        sql.Add($"""
            INSERT INTO sanatoriums_bookings ("Id", "BatchId", "RoomType", "VeteranId", "VeteranName", "RegionCode", "Status", "Beds", "CompanionName",
              "CompanionRelation", "HoldsBeds", "IdempotencyKey", "ActedBy", "ActedAs", "Mobility", "WorkflowInstanceId", "CreatedAt", "UpdatedAt")
            VALUES ({id}, {booking.BatchId}, {booking.RoomType}, {booking.VeteranId}, {booking.VeteranName}, {booking.RegionCode}, {BookingStatus.Requested},
              {booking.Beds}, {booking.CompanionName}, {booking.CompanionRelation}, {true}, {key}, {booking.ActedBy}, {booking.ActedAs}, {booking.Mobility},
              {start.InstanceId(sql, entity)}, {booking.CreatedAt}, {booking.UpdatedAt})
            """);
        // The nights joined to the booking row once (a subselect per night cost PostgreSQL a lookup each).
        var nights = AddNights(sql, batch, sql.Part($"b.\"IdempotencyKey\" = {key}"));
        // Unconditional: when the beds are gone, the check constraint fails the command and everything in it rolls back
        // (a conditional update that changed nothing would let the command commit). Capacity rows are never deleted.
        sql.Add($"UPDATE sanatoriums_capacity SET \"Taken\" = \"Taken\" + {booking.Beds} WHERE \"BatchId\" = {batch.Id} AND \"RoomType\" = {booking.RoomType}");
        sql.Add($"SELECT \"Id\", \"WorkflowInstanceId\" FROM sanatoriums_bookings WHERE \"IdempotencyKey\" = {key}");

        try
        {
            if (database.Kind == DatabaseKind.Postgres)
            {
                await db.Database.OpenConnectionAsync(ct);
                try
                {
                    return await RunAsync(sql, null, nights, ct);
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            }
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var ids = await RunAsync(sql, tx.GetDbTransaction(), nights, ct);
            await tx.CommitAsync(ct);
            return ids;
        }
        catch (Exception ex) when (DbErrors.IsCheckViolation(ex, CapacityCheck))
        {
            return null;
        }
    }

    /// <summary>The capacity row's rule: never more beds taken than it has.</summary>
    public const string CapacityCheck = "ck_sanatoriums_capacity_taken";

    private async Task<(long Booking, long Process)> RunAsync(SqlStatements sql, System.Data.Common.DbTransaction? transaction, int nights, CancellationToken ct)
    {
        await using var command = sql.CreateCommand(db.Database.GetDbConnection(), transaction);
        (long, long) ids = default;
        await using var reader = await command.ExecuteReaderAsync(ct);
        // The last rows are the booking's (on PostgreSQL the draw's row comes first).
        do
        {
            if (reader.FieldCount == 2 && await reader.ReadAsync(ct)) ids = (reader.GetInt64(0), reader.GetInt64(1));
        }
        while (await reader.NextResultAsync(ct));
        await reader.CloseAsync();
        // Rows changed: the instance, the audit entry, the booking, its nights, and the capacity row.
        if (ids == default || reader.RecordsAffected != 3 + nights + 1)
            throw new InvalidOperationException($"A booking's write changed {reader.RecordsAffected} rows, not {3 + nights + 1}.");
        return ids;
    }

    /// <summary>The nights of a stay in <paramref name="batch"/>: from the arrival day to the day before departure.</summary>
    private static List<DateOnly> Nights(Batch batch)
    {
        var nights = new List<DateOnly>();
        for (var d = batch.StartDate; d < batch.EndDate; d = d.AddDays(1)) nights.Add(d);
        return nights;
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
