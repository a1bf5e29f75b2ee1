namespace Platform.Modules.Veterans.Features;

/// <summary>Staff work on China Standard Time (UTC+8, no daylight saving): "this month" and "today" are theirs.</summary>
public static class ChinaClock
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);
}
