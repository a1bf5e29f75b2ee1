namespace Platform.Modules.Sanatoriums.Data;

public static class RoomKinds
{
    public const string SingleRoom = "single";
    public const string DoubleRoom = "double";
    public const string AccessibleRoom = "accessible";
    public static readonly IReadOnlyList<string> All = [SingleRoom, DoubleRoom, AccessibleRoom];

    public static string NameZh(string kind) => kind switch { SingleRoom => "单人间", DoubleRoom => "双人间", AccessibleRoom => "无障碍间", _ => kind };
}

public sealed class Sanatorium
{
    public long Id { get; set; }
    public string OrganisationId { get; set; } = "";
    public string RegionCode { get; set; } = "";
    public string Name { get; set; } = "";
    public string Location { get; set; } = "";
    public string Services { get; set; } = "";
    public string MedicalSupport { get; set; } = "";
    public string? Notes { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public List<RoomType> RoomTypes { get; set; } = [];
}

/// <summary>Beds the sanatorium has of one room kind.</summary>
public sealed class RoomType
{
    public long SanatoriumId { get; set; }
    public string Kind { get; set; } = "";
    public int Beds { get; set; }
}

public sealed class Batch
{
    public long Id { get; set; }
    public long SanatoriumId { get; set; }
    public string Title { get; set; } = "";
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public long PriceFen { get; set; }
    /// <summary>Comma-separated region codes whose veterans (and their subtrees) may book; empty: any region.</summary>
    public string ReservedRegions { get; set; } = "";
    public DateTime BookingOpensAt { get; set; }
    public DateTime BookingClosesAt { get; set; }
    public int? MinAge { get; set; }
    public int? MaxAge { get; set; }
    /// <summary>A doctor must sign off a pre-stay fitness check before check-in.</summary>
    public bool RequiresFitnessCheck { get; set; }
    /// <summary>Beds below which the bureau is warned before booking closes (null: no warning).</summary>
    public int? MinOccupancy { get; set; }
    public DateTime? OccupancyWarnedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}

/// <summary>The hard capacity of one room kind in one batch; <c>Taken</c> only moves by conditional updates.</summary>
public sealed class BatchCapacity
{
    public long BatchId { get; set; }
    public string RoomType { get; set; } = "";
    public int Beds { get; set; }
    public int Taken { get; set; }
}

public static class BookingStatus
{
    public const string Requested = "requested";
    public const string Confirmed = "confirmed";
    public const string CheckedIn = "checked-in";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string NoShow = "no-show";
    public const string Waitlisted = "waitlisted";
    public const string Offered = "offered";
    public const string Lapsed = "lapsed";
}

public sealed class Booking
{
    /// <summary>A booking's processes (booking, waitlist offer, stay reminder) are attached to the record <c>booking:{id}</c>.</summary>
    public const string RecordPrefix = "booking:";

    public static string Record(long id) => RecordPrefix + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public long Id { get; set; }
    public long BatchId { get; set; }
    public string RoomType { get; set; } = "";
    public long VeteranId { get; set; }
    public string VeteranName { get; set; } = "";
    public string RegionCode { get; set; } = "";
    public string Status { get; set; } = "";
    /// <summary>1, or 2 with a companion, who shares the room and moves, waits and cancels with the booking.</summary>
    public int Beds { get; set; } = 1;
    public string? CompanionName { get; set; }
    /// <summary>配偶 spouse or 护理人员 carer.</summary>
    public string? CompanionRelation { get; set; }
    /// <summary>True while this booking counts against the batch's capacity and the veteran's days.</summary>
    public bool HoldsBeds { get; set; }
    public string IdempotencyKey { get; set; } = "";
    /// <summary>Who acted ("done by X") …</summary>
    public string ActedBy { get; set; } = "";
    /// <summary>… and as whom: self, family, liaison, bureau, platform.</summary>
    public string ActedAs { get; set; } = "";
    public long? WorkflowInstanceId { get; set; }
    public long? OfferInstanceId { get; set; }
    public DateTime? OfferExpiresAt { get; set; }
    public string? Reason { get; set; }
    /// <summary>Mobility needs (<see cref="Mobility"/>): a wheelchair or walker needs an accessible room.</summary>
    public string? Mobility { get; set; }
    /// <summary>The doctor who signed off the pre-stay fitness check, when and who recorded it.</summary>
    public string? FitnessDoctor { get; set; }
    public DateTime? FitnessSignedAt { get; set; }
    public string? FitnessRecordedBy { get; set; }
    /// <summary>The <c>stay-reminder</c> process (3 days before arrival), scheduled when the stay is confirmed.</summary>
    public long? ReminderInstanceId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>Mobility needs a booking states; any of them needs an accessible room (ground floor, grab bars, wheelchair access).</summary>
public static class Mobility
{
    public const string Wheelchair = "wheelchair";
    public const string Walker = "walker";
    public static readonly IReadOnlyList<string> All = [Wheelchair, Walker];

    public static string NameZh(string? need) => need switch { Wheelchair => "使用轮椅", Walker => "使用助行器、需扶手", null or "" => "无", _ => need };
}

/// <summary>One day a veteran is away on a stay; the primary key (veteran, day) makes overlapping stays impossible.</summary>
public sealed class StayDay
{
    public long VeteranId { get; set; }
    public DateOnly Day { get; set; }
    public long BookingId { get; set; }
}

/// <summary>A veteran's family calendar link: only the SHA-256 of its token is kept; one per veteran (a new one revokes the old).</summary>
public sealed class CalendarFeed
{
    public long VeteranId { get; set; }
    public string TokenHash { get; set; } = "";
    public string RegionCode { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}
