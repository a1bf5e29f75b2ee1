namespace Platform.Modules.Providers.Data;

/// <summary>Onboarding status, kept in step with the onboarding workflow by <see cref="Onboarding.OnboardingEvents"/>.</summary>
public static class ProviderStatus
{
    public const string Applied = "applied";
    public const string Returned = "returned";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Suspended = "suspended";

    public static string NameZh(string status) => status switch
    {
        Applied => "待审核",
        Returned => "已退回",
        Approved => "已通过",
        Rejected => "未通过",
        Suspended => "已暂停",
        _ => status,
    };
}

public sealed class Provider
{
    public long Id { get; set; }
    /// <summary>The platform organisation id carried by provider grants and OAuth clients.</summary>
    public required string OrganisationId { get; set; }
    public required string LegalName { get; set; }
    public required string CreditCode { get; set; }
    public required string Category { get; set; }
    /// <summary>The region whose bureau vets the provider (its first region served).</summary>
    public required string HomeRegion { get; set; }
    public required string Status { get; set; }
    public bool OrdersSuspended { get; set; }
    public string? OrdersSuspendedReason { get; set; }
    public required string ContactName { get; set; }
    public required string ContactPhone { get; set; }
    public string? ContactEmail { get; set; }
    public string? Address { get; set; }
    public long? WorkflowInstanceId { get; set; }
    /// <summary>The workflow revision <see cref="Status"/> reflects (a late, repeated event never turns it back).</summary>
    public int WorkflowRevision { get; set; }
    /// <summary>SHA-256 of the applicant's tracking key (the key itself is shown once, never stored).</summary>
    public string? ApplicantKeyHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<ProviderRegion> Regions { get; set; } = [];
}

public sealed class ProviderRegion
{
    public long ProviderId { get; set; }
    public required string RegionCode { get; set; }
}

/// <summary>The states of a request to serve one more region.</summary>
public static class CoverageStatus
{
    public const string Requested = "requested";
    public const string Approved = "approved";
    public const string Refused = "refused";

    public static string NameZh(string status) => status switch
    {
        Requested => "待审批",
        Approved => "已批准",
        Refused => "未批准",
        _ => status,
    };
}

/// <summary>
/// A provider asking to serve one more region: only the bureau over that region (or the platform administrator)
/// decides, and only its approval adds the region to <see cref="Provider.Regions"/>.
/// </summary>
public sealed class CoverageRequest
{
    public long Id { get; set; }
    public long ProviderId { get; set; }
    public required string RegionCode { get; set; }
    public required string Status { get; set; }
    /// <summary>What the provider says about the service there (optional).</summary>
    public string? Note { get; set; }
    public required string RequestedBy { get; set; }
    public DateTime RequestedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    /// <summary>The bureau's reason: required for a refusal, shown to the provider.</summary>
    public string? Reason { get; set; }
}

public sealed class ProviderDocument
{
    public long Id { get; set; }
    public long ProviderId { get; set; }
    public required string Kind { get; set; }
    public required string MediaId { get; set; }
    public required string OriginalName { get; set; }
    public DateTime ExpiresOn { get; set; }
    public bool Mandatory { get; set; }
    public DateTime UploadedAt { get; set; }
    public required string UploadedBy { get; set; }
    /// <summary>Set when a newer document of the same kind replaced it (kept for the record).</summary>
    public DateTime? ReplacedAt { get; set; }
    /// <summary>The renewal process started when it came within 30 days of expiry.</summary>
    public long? RenewalInstanceId { get; set; }
}

public sealed class Offering
{
    public long Id { get; set; }
    public long ProviderId { get; set; }
    public required string Type { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public required string OpeningHours { get; set; }
    public int? Capacity { get; set; }
    public string? Accessibility { get; set; }
    /// <summary>The provider's own price in fen (分), per <see cref="Unit"/>.</summary>
    public long PriceFen { get; set; }
    public required string Unit { get; set; }
    public bool Withdrawn { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public List<OfferingRegion> Regions { get; set; } = [];
}

public sealed class OfferingRegion
{
    public long OfferingId { get; set; }
    public required string RegionCode { get; set; }
}

public sealed class ReferencePrice
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string OfferingType { get; set; }
    public long PriceFen { get; set; }
    public required string Unit { get; set; }
    public DateTime SetAt { get; set; }
    public required string SetBy { get; set; }
}

public sealed class Rating
{
    public long Id { get; set; }
    public long ProviderId { get; set; }
    public long? OfferingId { get; set; }
    public required string RegionCode { get; set; }
    public int Score { get; set; }
    public string? Comment { get; set; }
    /// <summary>Who entered it: the served person, or the liaison officer on their behalf.</summary>
    public required string RatedBy { get; set; }
    /// <summary>The served person's reference when a liaison officer rated on their behalf.</summary>
    public string? OnBehalfOf { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class Complaint
{
    public long Id { get; set; }
    public long ProviderId { get; set; }
    public long? OfferingId { get; set; }
    public required string RegionCode { get; set; }
    public required string Text { get; set; }
    public required string Status { get; set; }
    public string? Outcome { get; set; }
    public long? CompensationFen { get; set; }
    public long? WorkflowInstanceId { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
