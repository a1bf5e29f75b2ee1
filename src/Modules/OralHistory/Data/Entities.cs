namespace Platform.Modules.OralHistory.Data;

/// <summary>The module's record of a story (the story itself is a content item): its narrator, for narrator pages.</summary>
public sealed class StoryRow
{
    public required string StoryId { get; set; }
    public required string RegionCode { get; set; }
    public long NarratorId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A person who told a story: a veteran of the registry under a public display name.</summary>
public sealed class Narrator
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string VeteranId { get; set; }
    public required string DisplayName { get; set; }
    public string? Bio { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// The narrator's consent to publish a story, as signed (date and scope). Rows are never changed: a new consent is
/// a new row and the newest one applies, so who recorded what and when stays visible.
/// </summary>
public sealed class ConsentRow
{
    public long Id { get; set; }
    public required string StoryId { get; set; }
    public required string RegionCode { get; set; }
    public required string VeteranId { get; set; }
    public bool Photos { get; set; }
    public bool AudioVideo { get; set; }
    public DateTime SignedOn { get; set; }
    public string? Note { get; set; }
    public required string RecordedBy { get; set; }
    public DateTime RecordedAt { get; set; }
}

public enum HonourKind
{
    Medal = 1,
    Certificate = 2,
    Photograph = 3,
}

/// <summary>A medal, certificate or photograph shown on the narrator's page.</summary>
public sealed class Honour
{
    public long Id { get; set; }
    public long NarratorId { get; set; }
    public required string RegionCode { get; set; }
    public HonourKind Kind { get; set; }
    public required string Caption { get; set; }
    public required string MediaId { get; set; }
    public int? Year { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum CollectionKind
{
    Printed = 1,
    Video = 2,
}

/// <summary>A printed volume or a video volume gathering stories.</summary>
public sealed class Volume
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public CollectionKind Kind { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public int? Year { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<CollectionStory> Stories { get; set; } = [];
}

public sealed class CollectionStory
{
    public long CollectionId { get; set; }
    public required string StoryId { get; set; }
    public int Position { get; set; }
}

/// <summary>When a region's weekly column publishes: weekday (0 Sunday … 6 Saturday) and hour, China time.</summary>
public sealed class ColumnSetting
{
    public required string RegionCode { get; set; }
    public int Weekday { get; set; }
    public int Hour { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A story queued in a region's weekly column, at its week's slot (UTC).</summary>
public sealed class ColumnSlot
{
    public long Id { get; set; }
    public required string ColumnRegion { get; set; }
    public required string StoryId { get; set; }
    public DateTime SlotAt { get; set; }
    public required string QueuedBy { get; set; }
    public DateTime QueuedAt { get; set; }
}
