using Platform.Modules.Sanatoriums.Bookings;
using Platform.Modules.Sanatoriums.Data;
using Platform.Core.Text;

namespace Platform.Modules.Sanatoriums.Api;

public sealed record RoomBedsDto(string RoomType, string RoomTypeZh, int Beds, int Taken);

public sealed record BatchDto(
    long Id, long SanatoriumId, string Title, DateOnly StartDate, DateOnly EndDate, decimal PricePerPerson, IReadOnlyList<string> ReservedRegions,
    DateTime BookingOpensAt, DateTime BookingClosesAt, int? MinAge, int? MaxAge, IReadOnlyList<RoomBedsDto> Rooms);

public sealed record SanatoriumDto(
    long Id, string OrganisationId, string RegionCode, string Name, string Location, string Services, string MedicalSupport, string? Notes,
    IReadOnlyList<RoomBedsDto> Rooms);

/// <param name="CompanionName">A spouse or carer sharing the room (optional).</param>
/// <param name="CompanionRelation">配偶 or 护理人员.</param>
public sealed record BookingRequestDto(
    long BatchId, long VeteranId, [SingleLine(16, Label = "房型")] string RoomType, bool JoinWaitlist = true, bool AsFamily = false,
    [SingleLine(50, Label = "同住人姓名")] string? CompanionName = null, [SingleLine(20, Label = "同住人关系")] string? CompanionRelation = null);

public sealed record BookingDto(
    long Id, long BatchId, string RoomType, long VeteranId, string VeteranName, string Status, int Beds, string? CompanionName,
    string? CompanionRelation, string ActedBy, string ActedAs, string DoneBy, string? Reason, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static BookingDto Of(Booking b) => new(
        b.Id, b.BatchId, b.RoomType, b.VeteranId, b.VeteranName, b.Status, b.Beds, b.CompanionName, b.CompanionRelation, b.ActedBy, b.ActedAs,
        Bookings.ActedAs.Describe(b), b.Reason, b.CreatedAt, b.UpdatedAt);
}

public sealed record TransitionDto([MultiLine(2000, Label = "说明")] string? Comment = null);

public sealed record MoveDto(long BatchId);

/// <param name="Path">The feed's address on this site; <paramref name="Url"/> the same as the caller reached the API.</param>
public sealed record CalendarFeedDto(string Path, string Url);
