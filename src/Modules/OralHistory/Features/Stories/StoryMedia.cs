using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Consent;

namespace Platform.Modules.OralHistory.Features.Stories;

/// <summary>
/// Which of a published story's files the public may have: those on the published version that the narrator's
/// current consent covers (consent narrowed after publication hides the media at once).
/// </summary>
public sealed class StoryMedia(ConsentService consents)
{
    public sealed record Visible(IReadOnlyList<StoryPhoto> Photos, string? AudioId, string? VideoId)
    {
        public bool Contains(string mediaId) => AudioId == mediaId || VideoId == mediaId || Photos.Any(p => p.MediaId == mediaId);
    }

    public async Task<Visible> VisibleAsync(Story published, CancellationToken ct = default) =>
        Filter(published, await consents.CurrentAsync(published.Id, ct));

    public static Visible Filter(Story story, ConsentRow? consent) =>
        Filter(story, consent?.VeteranId, consent is { Photos: true }, consent is { AudioVideo: true });

    /// <summary>What the newest consent (given by <paramref name="consentVeteranId"/>, null: none) lets the public have.</summary>
    public static Visible Filter(Story story, string? consentVeteranId, bool photos, bool audioVideo)
    {
        var valid = consentVeteranId is not null && consentVeteranId == story.VeteranId;
        var av = valid && audioVideo;
        return new Visible(valid && photos ? story.Photos : [], av ? story.AudioId : null, av ? story.VideoId : null);
    }
}
