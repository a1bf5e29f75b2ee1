using Platform.Core.Data;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Bookings;

/// <summary>
/// What a booking request reads of the module's tables before its transaction (committed state): the batch, its
/// sanatorium's organisation, the requested room type's beds and free beds, whether the batch has accessible rooms,
/// whether the idempotency key was answered already and whether the veteran has a stay overlapping the batch.
/// </summary>
public sealed record BookingFacts(Batch Batch, string OrganisationId, int? Beds, int Free, bool HasAccessible, bool Answered, bool Overlaps);

/// <summary>
/// Reads <see cref="BookingFacts"/> in one prepared statement (<see cref="PreparedReads"/>): every booking request
/// asks, and the same read through EF Core's LINQ pipeline (building, funcletising and looking up the query, preparing
/// the statement) cost more CPU than the rest of the request's reads together.
/// </summary>
public sealed class BookingFactsReader(PreparedReads reads)
{
    private const string Sql = """
        SELECT b."Id", b."SanatoriumId", b."Title", b."StartDate", b."EndDate", b."PriceFen", b."ReservedRegions", b."BookingOpensAt",
          b."BookingClosesAt", b."MinAge", b."MaxAge", b."RequiresFitnessCheck", b."MinOccupancy", b."OccupancyWarnedAt", b."CreatedAt", b."CreatedBy",
          s."OrganisationId",
          (SELECT c."Beds" FROM sanatoriums_capacity c WHERE c."BatchId" = b."Id" AND c."RoomType" = @room),
          COALESCE((SELECT c."Beds" - c."Taken" FROM sanatoriums_capacity c WHERE c."BatchId" = b."Id" AND c."RoomType" = @room), 0),
          EXISTS (SELECT 1 FROM sanatoriums_capacity c WHERE c."BatchId" = b."Id" AND c."RoomType" = @accessible),
          EXISTS (SELECT 1 FROM sanatoriums_bookings k WHERE k."IdempotencyKey" = @key),
          EXISTS (SELECT 1 FROM sanatoriums_stay_days d WHERE d."VeteranId" = @veteran AND d."Day" >= b."StartDate" AND d."Day" < b."EndDate")
        FROM sanatoriums_batches b JOIN sanatoriums_sanatoriums s ON s."Id" = b."SanatoriumId"
        WHERE b."Id" = @batch
        """;

    /// <summary>The facts for booking <paramref name="veteranId"/> into <paramref name="batchId"/>; null when there is no such batch.</summary>
    public async Task<BookingFacts?> ReadAsync(long batchId, string roomType, string key, long veteranId, CancellationToken ct)
    {
        await using var lease = await reads.LeaseAsync(ct);
        var command = lease.Command(Sql);
        ReadLease.Set(command, "@batch", batchId);
        ReadLease.Set(command, "@room", roomType);
        ReadLease.Set(command, "@accessible", RoomKinds.AccessibleRoom);
        ReadLease.Set(command, "@key", key);
        ReadLease.Set(command, "@veteran", veteranId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var batch = new Batch
        {
            Id = reader.GetInt64(0), SanatoriumId = reader.GetInt64(1), Title = reader.GetString(2), StartDate = reader.GetFieldValue<DateOnly>(3),
            EndDate = reader.GetFieldValue<DateOnly>(4), PriceFen = reader.GetInt64(5), ReservedRegions = reader.GetString(6),
            BookingOpensAt = Utc(reader.GetDateTime(7)), BookingClosesAt = Utc(reader.GetDateTime(8)),
            MinAge = reader.IsDBNull(9) ? null : reader.GetInt32(9), MaxAge = reader.IsDBNull(10) ? null : reader.GetInt32(10),
            RequiresFitnessCheck = reader.GetBoolean(11), MinOccupancy = reader.IsDBNull(12) ? null : reader.GetInt32(12),
            OccupancyWarnedAt = reader.IsDBNull(13) ? null : Utc(reader.GetDateTime(13)), CreatedAt = Utc(reader.GetDateTime(14)), CreatedBy = reader.GetString(15),
        };
        return new BookingFacts(batch, reader.GetString(16), reader.IsDBNull(17) ? null : reader.GetInt32(17), reader.GetInt32(18),
            reader.GetBoolean(19), reader.GetBoolean(20), reader.GetBoolean(21));
    }

    /// <summary>As the module's contexts read times (<see cref="UtcDateTimeConverter"/>): stored in UTC.</summary>
    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
