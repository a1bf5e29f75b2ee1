using Platform.Modules.Veterans.Contracts;

namespace Platform.Modules.Veterans.Data;

public enum Sex { Male = 0, Female = 1 }

public enum Living { Dispersed = 0, Concentrated = 1 }

public enum ContactKind { Monthly = 0, Hospital = 1, Birthday = 2, Festival = 3, Dispute = 4, Bereavement = 5, Other = 6 }

public enum FollowUpState { None = 0, Open = 1, Closed = 2 }

/// <summary>A served person: a retired cadre, a widow(er) or a dependant; the head of a household.</summary>
public sealed class Veteran
{
    public long Id { get; set; }
    public VeteranKind Kind { get; set; }
    public required string Name { get; set; }
    public Sex Sex { get; set; }
    public DateOnly BirthDate { get; set; }
    public string? IdNumber { get; set; }
    public required string RegionCode { get; set; }
    public string? Address { get; set; }
    public string? Phone { get; set; }
    public string? Phone2 { get; set; }
    public RankBand RankBand { get; set; }
    public DateOnly? RetirementDate { get; set; }
    public long? InstitutionId { get; set; }
    public Living Living { get; set; }
    public KeyGroups KeyGroups { get; set; }
    /// <summary>AES-GCM ciphertext (see <c>HealthNoteCipher</c>); never plain text in the database.</summary>
    public byte[]? HealthNotes { get; set; }
    public DateOnly? DeceasedDate { get; set; }
    /// <summary>For a widow(er) or dependant: the cadre's record, when it is in the registry.</summary>
    public long? RelatedVeteranId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public int Revision { get; set; }
}

/// <summary>A household member to call: spouse, child or other relative.</summary>
public sealed class HouseholdContact
{
    public long Id { get; set; }
    public long VeteranId { get; set; }
    public required string Relation { get; set; }
    public required string Name { get; set; }
    public string? Phone { get; set; }
}

/// <summary>A rest home (军休所) run by the bureau of its region.</summary>
public sealed class Institution
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string Name { get; set; }
    public string? Address { get; set; }
    public string? Phone { get; set; }
    /// <summary>Staff names, one per line.</summary>
    public string? Staff { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A liaison officer known to the registry (a platform person, by user name).</summary>
public sealed class Officer
{
    public long Id { get; set; }
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    public required string RegionCode { get; set; }
    public long? InstitutionId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>Which officer looks after a household (one officer per household).</summary>
public sealed class Assignment
{
    public long VeteranId { get; set; }
    public required string OfficerUserName { get; set; }
    public DateTime AssignedAt { get; set; }
    public required string AssignedBy { get; set; }
}

/// <summary>One contact or visit, with an optional follow-up that stays open until closed.</summary>
public sealed class ContactEntry
{
    public long Id { get; set; }
    public long VeteranId { get; set; }
    public DateOnly Date { get; set; }
    public ContactKind Kind { get; set; }
    public required string OfficerUserName { get; set; }
    public string? Notes { get; set; }
    public string? FollowUp { get; set; }
    public FollowUpState FollowUpState { get; set; }
    public DateTime? FollowUpClosedAt { get; set; }
    public string? FollowUpClosedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>PIPL access log: who saw which sensitive fields of which record, when, and through what.</summary>
public sealed class AccessEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }
    public long VeteranId { get; set; }
    public required string Fields { get; set; }
    public required string Channel { get; set; }
}

public enum ImportState { Validating = 0, Writing = 1, Done = 2, Refused = 3, Failed = 4 }

/// <summary>An Excel import: its progress, and the row errors when it was refused.</summary>
public sealed class ImportJob
{
    public required string Id { get; set; }
    public required string RegionCode { get; set; }
    public required string Actor { get; set; }
    public required string FileName { get; set; }
    public ImportState State { get; set; }
    public int Total { get; set; }
    public int Processed { get; set; }
    public int Imported { get; set; }
    /// <summary>One error per line, "row: message".</summary>
    public string? Errors { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
}
