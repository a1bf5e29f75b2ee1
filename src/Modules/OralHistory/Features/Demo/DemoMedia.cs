using SkiaSharp;

namespace Platform.Modules.OralHistory.Features.Demo;

/// <summary>Demo photos and recordings drawn at load time: deterministic, small, nothing downloaded.</summary>
internal static class DemoMedia
{
    /// <summary>A JPEG "photograph": a sepia scene with a few shapes placed by <paramref name="seed"/>.</summary>
    public static byte[] Photo(int seed, int width = 640, int height = 420)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var sky = new SKPaint();
            sky.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, height),
                [new SKColor(196, 170, 128), new SKColor(120, 92, 60)], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, width, height, sky);
            using var shape = new SKPaint { IsAntialias = true };
            for (var i = 0; i < 6; i++)
            {
                shape.Color = new SKColor((byte)(60 + random.Next(80)), (byte)(45 + random.Next(60)), (byte)(30 + random.Next(40)));
                canvas.DrawCircle(random.Next(width), height * 0.55f + random.Next(height / 3), 30 + random.Next(50), shape);
            }
            shape.Color = new SKColor(70, 50, 35);
            canvas.DrawRect(0, height * 0.8f, width, height * 0.2f, shape);
        }
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Jpeg, 80).ToArray();
    }

    /// <summary>A gold disc with a red centre and ribbon on a dark field: a "medal" for the honour wall.</summary>
    public static byte[] Medal(int seed)
    {
        const int size = 360;
        using var bitmap = new SKBitmap(size, size);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor((byte)(20 + seed % 30), 30, 40));
            using var gold = new SKPaint { IsAntialias = true, Color = new SKColor(212, 175, 55) };
            canvas.DrawCircle(size / 2f, size / 2f, size * 0.42f, gold);
            using var red = new SKPaint { IsAntialias = true, Color = new SKColor(190, 20, 20) };
            canvas.DrawCircle(size / 2f, size / 2f, size * 0.28f, red);
            canvas.DrawRect(size * 0.42f, 0, size * 0.16f, size * 0.2f, red);
        }
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    /// <summary>
    /// A WAV recording of <paramref name="seconds"/> seconds (8 kHz, 8-bit mono): a soft tone whose pitch changes
    /// every four seconds, so seeking to a segment is audible.
    /// </summary>
    public static byte[] Recording(int seconds = 16)
    {
        const int rate = 8000;
        var samples = seconds * rate;
        var data = new byte[44 + samples];
        "RIFF"u8.CopyTo(data);
        BitConverter.GetBytes(36 + samples).CopyTo(data, 4);
        "WAVEfmt "u8.CopyTo(data.AsSpan(8));
        BitConverter.GetBytes(16).CopyTo(data, 16);
        BitConverter.GetBytes((short)1).CopyTo(data, 20);
        BitConverter.GetBytes((short)1).CopyTo(data, 22);
        BitConverter.GetBytes(rate).CopyTo(data, 24);
        BitConverter.GetBytes(rate).CopyTo(data, 28);
        BitConverter.GetBytes((short)1).CopyTo(data, 32);
        BitConverter.GetBytes((short)8).CopyTo(data, 34);
        "data"u8.CopyTo(data.AsSpan(36));
        BitConverter.GetBytes(samples).CopyTo(data, 40);
        double[] pitches = [220, 277, 330, 392];
        for (var i = 0; i < samples; i++)
        {
            var pitch = pitches[i / (4 * rate) % pitches.Length];
            data[44 + i] = (byte)(128 + 24 * Math.Sin(2 * Math.PI * pitch * i / rate));
        }
        return data;
    }
}
