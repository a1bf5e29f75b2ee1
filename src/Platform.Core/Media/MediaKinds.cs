namespace Platform.Core.Media;

/// <summary>What a file is, judged by its content.</summary>
public enum MediaKind
{
    /// <summary>PDF document.</summary>
    Pdf,
    /// <summary>JPEG image.</summary>
    Jpeg,
    /// <summary>PNG image.</summary>
    Png,
    /// <summary>GIF image.</summary>
    Gif,
    /// <summary>WebP image.</summary>
    WebP,
    /// <summary>MP3 audio.</summary>
    Mp3,
    /// <summary>WAV audio.</summary>
    Wav,
    /// <summary>Ogg container (Vorbis/Opus audio).</summary>
    Ogg,
    /// <summary>MPEG-4 audio (.m4a).</summary>
    M4a,
    /// <summary>MPEG-4 video.</summary>
    Mp4,
    /// <summary>WebM video.</summary>
    WebM,
}

/// <summary>A kind's content type, usual extension and Chinese name.</summary>
public sealed record MediaType(MediaKind Kind, string ContentType, string Extension, string NameZh)
{
    /// <summary>Images (JPEG, PNG, GIF, WebP).</summary>
    public bool IsImage => Kind is MediaKind.Jpeg or MediaKind.Png or MediaKind.Gif or MediaKind.WebP;
}

/// <summary>
/// Recognises a file by its first bytes (its "magic number"), never by its name or the browser's claimed type, so
/// a renamed executable is not taken for a photo.
/// </summary>
public static class FileSniffer
{
    /// <summary>How many leading bytes <see cref="Detect"/> needs.</summary>
    public const int HeaderLength = 16;

    private static readonly Dictionary<MediaKind, MediaType> Types = new MediaType[]
    {
        new(MediaKind.Pdf, "application/pdf", ".pdf", "PDF 文档"),
        new(MediaKind.Jpeg, "image/jpeg", ".jpg", "JPEG 图片"),
        new(MediaKind.Png, "image/png", ".png", "PNG 图片"),
        new(MediaKind.Gif, "image/gif", ".gif", "GIF 图片"),
        new(MediaKind.WebP, "image/webp", ".webp", "WebP 图片"),
        new(MediaKind.Mp3, "audio/mpeg", ".mp3", "MP3 音频"),
        new(MediaKind.Wav, "audio/wav", ".wav", "WAV 音频"),
        new(MediaKind.Ogg, "audio/ogg", ".ogg", "Ogg 音频"),
        new(MediaKind.M4a, "audio/mp4", ".m4a", "M4A 音频"),
        new(MediaKind.Mp4, "video/mp4", ".mp4", "MP4 视频"),
        new(MediaKind.WebM, "video/webm", ".webm", "WebM 视频"),
    }.ToDictionary(t => t.Kind);

    /// <summary>The type of <paramref name="kind"/>.</summary>
    public static MediaType TypeOf(MediaKind kind) => Types[kind];

    /// <summary>The file's type from its first <see cref="HeaderLength"/> bytes, or null when it is none of the known kinds.</summary>
    public static MediaType? Detect(ReadOnlySpan<byte> head)
    {
        MediaKind? kind =
            head.StartsWith("%PDF-"u8) ? MediaKind.Pdf
            : head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? MediaKind.Jpeg
            : head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]) ? MediaKind.Png
            : head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8) ? MediaKind.Gif
            : head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8) ? MediaKind.WebP
            : head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8) ? MediaKind.Wav
            : head.StartsWith("ID3"u8) || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0) ? MediaKind.Mp3
            : head.StartsWith("OggS"u8) ? MediaKind.Ogg
            : head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]) ? MediaKind.WebM
            : head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) ? (head[8..12].SequenceEqual("M4A "u8) ? MediaKind.M4a : MediaKind.Mp4)
            : null;
        return kind is { } k ? Types[k] : null;
    }
}

/// <summary>What an upload may be: the kinds allowed and the largest size.</summary>
/// <param name="Allowed">Kinds accepted.</param>
/// <param name="MaxBytes">Largest size in bytes.</param>
/// <param name="NameZh">What is expected, in Chinese, for messages (e.g. 图片).</param>
public sealed record MediaPolicy(IReadOnlySet<MediaKind> Allowed, long MaxBytes, string NameZh)
{
    private const long MB = 1024 * 1024;

    /// <summary>Photos: JPEG, PNG, GIF, WebP up to 20 MB.</summary>
    public static MediaPolicy Images { get; } = new(new HashSet<MediaKind> { MediaKind.Jpeg, MediaKind.Png, MediaKind.Gif, MediaKind.WebP }, 20 * MB, "图片（JPEG、PNG、GIF、WebP）");

    /// <summary>Scans of documents: PDF or an image, up to 20 MB.</summary>
    public static MediaPolicy Documents { get; } = new(new HashSet<MediaKind> { MediaKind.Pdf, MediaKind.Jpeg, MediaKind.Png, MediaKind.WebP }, 20 * MB, "PDF 或图片");

    /// <summary>Recordings: MP3, WAV, Ogg, M4A up to 500 MB.</summary>
    public static MediaPolicy Audio { get; } = new(new HashSet<MediaKind> { MediaKind.Mp3, MediaKind.Wav, MediaKind.Ogg, MediaKind.M4a }, 500 * MB, "音频（MP3、WAV、Ogg、M4A）");

    /// <summary>Films: MP4 or WebM up to 4 GB.</summary>
    public static MediaPolicy Video { get; } = new(new HashSet<MediaKind> { MediaKind.Mp4, MediaKind.WebM }, 4096 * MB, "视频（MP4、WebM）");

    /// <summary>The limit in words, e.g. 20 MB.</summary>
    public string MaxText => MaxBytes >= 1024 * MB ? $"{MaxBytes / (1024 * MB)} GB" : $"{MaxBytes / MB} MB";
}

/// <summary>A stored file's record.</summary>
/// <param name="Id">Opaque identifier (also used in URLs).</param>
/// <param name="Module">The module that owns it (it decides who may read it).</param>
/// <param name="RegionCode">The region whose record it belongs to.</param>
/// <param name="Type">What it is, by content.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">Hex SHA-256 of the content.</param>
/// <param name="OriginalName">The name it was uploaded with (for downloads only).</param>
/// <param name="Width">Image width in pixels (null for other kinds or when unreadable).</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="CreatedAt">When it was stored (UTC).</param>
public sealed record StoredMedia(
    string Id, string Module, string RegionCode, MediaType Type, long Size, string Sha256, string OriginalName, int? Width, int? Height, DateTime CreatedAt);

/// <summary>A stored file opened for reading; disposing it closes the stream (a served result closes it itself).</summary>
public sealed record MediaContent(StoredMedia Media, Stream Content, string ContentType) : IAsyncDisposable
{
    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>
/// Where uploads live (a folder under App_Data by default). Every upload is checked by content against a
/// <see cref="MediaPolicy"/> and refused whole, with a Chinese message, when it is too large (bytes, or pixels:
/// <see cref="ImageLimits"/>, read before decoding) or of the wrong kind; nothing is kept of a refused upload.
/// Images get resized variants (widths <see cref="VariantWidths"/>), all made from one decode. Several files, or a
/// file whose owner writes its own record afterwards, go through <see cref="BeginBatch"/> so a refusal anywhere
/// stores nothing. Modules decide who may read a file and serve it with range requests (see the README).
/// </summary>
public interface IMediaStore
{
    /// <summary>Variant widths made for every image (in pixels).</summary>
    static IReadOnlyList<int> VariantWidths { get; } = [320, 800, 1600];

    /// <summary>Starts a set of uploads stored all or none, for one module and region.</summary>
    IMediaBatch BeginBatch(string moduleId, string regionCode, string actor);

    /// <summary>Checks and stores one upload that nothing else depends on (a batch of one, kept at once).</summary>
    /// <exception cref="PlatformException">400 (wrong kind, empty, unreadable) or 413 (too many bytes or pixels), in Chinese.</exception>
    Task<StoredMedia> SaveAsync(Stream content, string originalName, MediaPolicy policy, string moduleId, string regionCode, string actor, CancellationToken cancellationToken = default);

    /// <summary>The record, or null.</summary>
    Task<StoredMedia?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Opens the file, or the image variant closest to <paramref name="width"/> (null: the original); null when missing.</summary>
    Task<MediaContent?> OpenAsync(string id, int? width = null, CancellationToken cancellationToken = default);

    /// <summary>Removes the file and its variants.</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken = default);
}
