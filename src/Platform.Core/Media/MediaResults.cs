using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Platform.Core.Media;

/// <summary>Serves a stored file after the module has decided the caller may read it.</summary>
public static class MediaResults
{
    /// <summary>
    /// The file with its content type, validators (ETag from its hash, Last-Modified) and HTTP range support, so an
    /// audio or video player can seek; <paramref name="download"/> adds its original name as an attachment.
    /// </summary>
    public static IResult Serve(MediaContent content, bool download = false) => Results.File(
        content.Content, content.ContentType,
        fileDownloadName: download ? content.Media.OriginalName : null,
        lastModified: new DateTimeOffset(content.Media.CreatedAt, TimeSpan.Zero),
        entityTag: new EntityTagHeaderValue($"\"{content.Media.Sha256[..32]}-{content.ContentType.GetHashCode(StringComparison.Ordinal) & 0xffff:x}\""),
        enableRangeProcessing: true);
}
