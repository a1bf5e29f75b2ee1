using Platform.Modules.OralHistory.Features.Column;

namespace Platform.OralHistory.Tests;

/// <summary>The column's week slots fall on the region's weekday and hour, China time.</summary>
public sealed class ColumnSlotTests
{
    private static DateTime Utc(int y, int m, int d, int h, int min = 0) => new(y, m, d, h, min, 0, DateTimeKind.Utc);

    [Fact]
    public void The_next_slot_is_the_coming_weekday_at_the_hour_in_China_time()
    {
        var friday9 = new ColumnWhen(5, 9, null);
        // Wednesday 2026-11-25 08:00 UTC (16:00 in Beijing) → Friday 2026-11-27 09:00 Beijing = 01:00 UTC.
        Assert.Equal(Utc(2026, 11, 27, 1), ColumnService.FirstSlotAfter(Utc(2026, 11, 25, 8), friday9));
        // Exactly at the slot: the next week's.
        Assert.Equal(Utc(2026, 12, 4, 1), ColumnService.FirstSlotAfter(Utc(2026, 11, 27, 1), friday9));
        // Thursday 20:00 UTC is already Friday 04:00 in Beijing: still this Friday 09:00.
        Assert.Equal(Utc(2026, 11, 27, 1), ColumnService.FirstSlotAfter(Utc(2026, 11, 26, 20), friday9));
    }

    [Fact]
    public void A_Monday_morning_column_crosses_the_date_line_back_to_Sunday_UTC()
    {
        Assert.Equal(Utc(2026, 11, 29, 23), ColumnService.FirstSlotAfter(Utc(2026, 11, 25, 8), new ColumnWhen(1, 7, "511000")));
        Assert.Equal("每星期一 7:00（北京时间）", new ColumnWhen(1, 7, "511000").Text);
    }
}
