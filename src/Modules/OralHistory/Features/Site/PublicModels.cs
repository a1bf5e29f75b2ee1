using Platform.Modules.OralHistory.Features.Stories;

namespace Platform.Modules.OralHistory.Features.Site;

/// <summary>Plain values for the public templates (the theme sandbox copies them; strings are HTML-escaped there).</summary>
internal static class PublicModels
{
    public static string Base(string region) => $"/r/{region}/oral-history";

    public static object Card(string region, Story s) => new
    {
        s.Id,
        s.Title,
        Url = $"{Base(region)}/stories/{Uri.EscapeDataString(s.Id)}",
        Narrator = s.NarratorName,
        s.Summary,
        Eras = s.Eras,
        Year = s.AnyYear,
        Published = s.PublishedAt is { } p ? (p + Column.ColumnService.ChinaOffset).ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture) : "",
    };

    public static object Era(string region, string era, string? current) => new
    {
        Name = era,
        Url = $"{Base(region)}/?era={Uri.EscapeDataString(era)}",
        Current = era == current,
    };
}
