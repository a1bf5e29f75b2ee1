using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Consent;
using Platform.Modules.OralHistory.Features.Stories;
using Platform.Modules.OralHistory.Features.Transcripts;

namespace Platform.OralHistory.Tests;

/// <summary>A story is published only when the narrator's consent covers every kind of media on it.</summary>
public sealed class ConsentRuleTests
{
    private static Story StoryWith(bool photos, bool audio, bool video) => new(
        "s1", "511002", "长津湖的冬天", "vet-1", "王德胜", [], null, null, ["抗美援朝"], 1950, "", Transcript.Empty,
        photos ? [new StoryPhoto("m1", "1952 年在朝鲜")] : [], audio ? "a1" : null, video ? "v1" : null, null, DateTime.UnixEpoch);

    private static ConsentRow Consent(bool photos, bool audioVideo, string veteran = "vet-1") => new()
    {
        StoryId = "s1", RegionCode = "511002", VeteranId = veteran, Photos = photos, AudioVideo = audioVideo,
        SignedOn = new DateTime(2026, 10, 8, 0, 0, 0, DateTimeKind.Utc), RecordedBy = "t",
    };

    [Fact]
    public void Without_a_recorded_consent_nothing_is_published()
    {
        Assert.Equal("尚未登记讲述人王德胜对本篇的发布同意，不能发布。请先在“发布同意”中登记签署日期和同意范围。", ConsentRule.Refusal(StoryWith(false, false, false), null));
    }

    [Fact]
    public void Consent_for_text_only_refuses_a_story_with_photos_and_audio_naming_both()
    {
        Assert.Equal("讲述人王德胜的发布同意（2026年10月8日签署，范围：仅文字）未包括本篇的照片、录音，不能发布。请登记新的同意书，或先移除这些内容。",
            ConsentRule.Refusal(StoryWith(true, true, false), Consent(false, false)));
    }

    [Theory]
    [InlineData(false, false, false, false, false, null)]
    [InlineData(true, false, false, true, false, null)]
    [InlineData(true, true, true, true, true, null)]
    [InlineData(true, false, true, true, false, "录像")]
    [InlineData(true, true, false, false, true, "照片")]
    public void Each_kind_of_media_needs_its_part_of_the_consent(bool photos, bool audio, bool video, bool consentPhotos, bool consentAv, string? missing)
    {
        Assert.Equal(missing is null ? [] : new[] { missing }, ConsentRule.Missing(StoryWith(photos, audio, video), Consent(consentPhotos, consentAv)));
    }

    [Fact]
    public void A_consent_signed_by_another_narrator_does_not_count()
    {
        Assert.StartsWith("尚未登记讲述人王德胜", ConsentRule.Refusal(StoryWith(false, false, false), Consent(true, true, "vet-2")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_public_gets_only_the_media_the_consent_covers()
    {
        var visible = StoryMedia.Filter(StoryWith(true, true, true), Consent(true, false));
        Assert.Equal((1, (string?)null, (string?)null), (visible.Photos.Count, visible.AudioId, visible.VideoId));
        Assert.False(StoryMedia.Filter(StoryWith(true, true, true), null).Contains("m1"));
    }
}
