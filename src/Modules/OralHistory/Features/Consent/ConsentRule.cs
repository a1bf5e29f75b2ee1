using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Stories;

namespace Platform.Modules.OralHistory.Features.Consent;

/// <summary>
/// What a narrator's consent covers: the text always; photos and audio/video only when signed for. A story may be
/// published only when its consent covers every kind of media it carries.
/// </summary>
public static class ConsentRule
{
    public static string ScopeText(bool photos, bool audioVideo) => (photos, audioVideo) switch
    {
        (false, false) => "仅文字",
        (true, false) => "文字和照片",
        (false, true) => "文字和音视频",
        _ => "文字、照片和音视频",
    };

    /// <summary>The kinds of media on the story that <paramref name="consent"/> does not cover (all, when there is none).</summary>
    public static IReadOnlyList<string> Missing(Story story, ConsentRow? consent)
    {
        var missing = new List<string>();
        if (story.Photos.Count > 0 && consent?.Photos != true) missing.Add("照片");
        if (story.AudioId is not null && consent?.AudioVideo != true) missing.Add("录音");
        if (story.VideoId is not null && consent?.AudioVideo != true) missing.Add("录像");
        return missing;
    }

    /// <summary>Null when the story may be published; otherwise why not, in Chinese, naming what is missing.</summary>
    public static string? Refusal(Story story, ConsentRow? consent)
    {
        if (consent is null || consent.VeteranId != story.VeteranId)
            return $"尚未登记讲述人{story.NarratorName}对本篇的发布同意，不能发布。请先在“发布同意”中登记签署日期和同意范围。";
        var missing = Missing(story, consent);
        return missing.Count == 0
            ? null
            : $"讲述人{story.NarratorName}的发布同意（{consent.SignedOn:yyyy年M月d日}签署，范围：{ScopeText(consent.Photos, consent.AudioVideo)}）未包括本篇的{string.Join("、", missing)}，不能发布。请登记新的同意书，或先移除这些内容。";
    }
}
