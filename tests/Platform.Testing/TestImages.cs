using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace Platform.Testing;

/// <summary>Images for upload tests: a real small PNG, a file that only claims to be a photo, and a pixel bomb.</summary>
public static class TestImages
{
    /// <summary>A real PNG of one colour.</summary>
    public static byte[] Png(int width = 400, int height = 300)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap)) canvas.Clear(new SKColor(30, 90, 160));
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    /// <summary>Text that a browser would send as a photo when it is named .jpg.</summary>
    public static byte[] NotAnImage() => "这不是图片，只是改了扩展名的文本文件。"u8.ToArray();

    /// <summary>
    /// A PNG of a few kilobytes whose header declares <paramref name="width"/> × <paramref name="height"/> pixels
    /// (20,000 × 20,000 would take 1.6 GB decoded): a valid IHDR and a zlib stream of only <paramref name="rows"/> rows.
    /// </summary>
    public static byte[] PixelBomb(int width = 20_000, int height = 20_000, int rows = 4)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per sample
        header[9] = 2; // RGB
        Chunk(png, "IHDR", header);
        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[1 + (3 * width)]; // filter byte 0, then black pixels
            for (var i = 0; i < rows; i++) zlib.Write(row);
        }
        Chunk(png, "IDAT", pixels.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typed = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(typed, 0);
        data.CopyTo(typed, 4);
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        png.Write(word);
    }

    /// <summary>The CRC-32 a PNG chunk carries over its type and data (ISO 3309, as zip and gzip use).</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
