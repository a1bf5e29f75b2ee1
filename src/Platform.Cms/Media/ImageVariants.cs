using Platform.Core;
using Platform.Core.Media;
using SkiaSharp;

namespace Platform.Cms.Media;

/// <summary>
/// Measures an uploaded image from its header and makes its smaller JPEG variants. The pixel limit is checked before
/// anything is decoded; the image is then decoded once (straight to a smaller size when the codec can, as JPEG can)
/// and every variant is drawn from that one bitmap. At most two decodes run at once in a process, so a burst of large
/// uploads cannot take the host's memory.
/// </summary>
internal static class ImageVariants
{
    private static readonly SemaphoreSlim Decodes = new(2);

    /// <summary>The image's size; each variant narrower than it is written to <paramref name="variantPath"/>(width).</summary>
    /// <exception cref="PlatformException">400 when unreadable, 413 when over <see cref="ImageLimits.MaxPixels"/>.</exception>
    public static async Task<(int Width, int Height)> MakeAsync(string source, Func<int, string> variantPath, CancellationToken ct)
    {
        using var codec = SKCodec.Create(source) ?? throw Unreadable();
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0) throw Unreadable();
        if (!ImageLimits.Allows(width, height)) throw ImageLimits.TooLarge(width, height);
        var widths = IMediaStore.VariantWidths.Where(w => w < width).ToList();
        if (widths.Count == 0) return (width, height);

        await Decodes.WaitAsync(ct);
        try
        {
            using var decoded = Decode(codec, widths.Max());
            foreach (var w in widths)
                Write(decoded, w, Math.Max(1, (int)Math.Round(height * (double)w / width)), variantPath(w));
        }
        finally
        {
            Decodes.Release();
        }
        return (width, height);
    }

    private static SKBitmap Decode(SKCodec codec, int widest)
    {
        var info = codec.Info;
        var size = codec.GetScaledDimensions((float)widest / info.Width);
        if (size.Width < widest || size.Height < 1) size = new SKSizeI(info.Width, info.Height);
        var alpha = info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
        var target = new SKImageInfo(size.Width, size.Height, SKImageInfo.PlatformColorType, alpha);
        var bitmap = new SKBitmap(target);
        var result = codec.GetPixels(target, bitmap.GetPixels());
        if (result == SKCodecResult.InvalidScale && size.Width != info.Width)
        {
            bitmap.Dispose();
            target = new SKImageInfo(info.Width, info.Height, SKImageInfo.PlatformColorType, alpha);
            bitmap = new SKBitmap(target);
            result = codec.GetPixels(target, bitmap.GetPixels());
        }
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput) return bitmap;
        bitmap.Dispose();
        throw Unreadable();
    }

    private static void Write(SKBitmap decoded, int width, int height, string target)
    {
        using var resized = decoded.Resize(new SKImageInfo(width, height), new SKSamplingOptions(SKCubicResampler.Mitchell))
            ?? throw Unreadable();
        using var image = SKImage.FromBitmap(resized);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 82);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var file = File.Create(target);
        data.SaveTo(file);
    }

    private static PlatformException Unreadable() =>
        PlatformException.Invalid("图片已损坏或无法读取，未保存。", "The image is damaged or unreadable; nothing was stored.");
}
