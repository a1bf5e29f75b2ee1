namespace Platform.Core.Media;

/// <summary>
/// How large an uploaded image may be in pixels, whatever its file size: a small compressed file can declare a huge
/// picture (a decompression bomb), so the store reads the size from the file's header and refuses above
/// <see cref="MaxPixels"/> before anything is decoded.
/// </summary>
public static class ImageLimits
{
    /// <summary>Most pixels (width × height) an image may have: 40 million, e.g. 8,000 × 5,000 or an A4 page scanned at 600 dpi.</summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>The limit in Chinese ("4000 万像素").</summary>
    public static string MaxPixelsZh => $"{MaxPixels / 10_000} 万像素";

    /// <summary>Whether an image of this size may be decoded.</summary>
    public static bool Allows(int width, int height) => width > 0 && height > 0 && (long)width * height <= MaxPixels;

    /// <summary>The refusal (413) for an image over the limit, naming its size, the limit and what to do.</summary>
    public static PlatformException TooLarge(int width, int height) => new(413,
        $"图片尺寸过大：{width}×{height} 像素，超过每张 {MaxPixelsZh}的上限，未保存。请先把图片缩小（例如长边不超过 8000 像素）再上传。",
        $"The image is {width}×{height} pixels, more than {MaxPixels:N0}; nothing was stored. Make it smaller and upload it again.");
}
