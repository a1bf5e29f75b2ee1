using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Cms.Media;
using Platform.Core;
using Platform.Core.Media;
using Platform.Testing;
using SkiaSharp;

namespace Platform.Cms.Tests.Media;

/// <summary>
/// Uploads are judged by content, not name: a renamed text file or an oversized file is refused with a Chinese
/// message and nothing is kept; images get smaller variants; a module serves audio with range requests so a
/// player can seek.
/// </summary>
public abstract class MediaStoreTests<THost>(THost host) : IClassFixture<THost> where THost : PlatformFactory
{
    private static readonly MediaPolicy TinyAudio = MediaPolicy.Audio with { MaxBytes = 64 * 1024 };

    private async Task<T> InScopeAsync<T>(Func<IMediaStore, CoreDbContext, Task<T>> work)
    {
        using var scope = host.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<IMediaStore>(), scope.ServiceProvider.GetRequiredService<CoreDbContext>());
    }

    private string Root => host.Services.GetRequiredService<MediaOptions>().Root;

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap)) canvas.Clear(new SKColor(180, 20, 20));
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    /// <summary>A WAV file of silence: a real header and <paramref name="bytes"/> of samples.</summary>
    private static byte[] Wav(int bytes)
    {
        var data = new byte[44 + bytes];
        "RIFF"u8.CopyTo(data);
        BitConverter.GetBytes(36 + bytes).CopyTo(data, 4);
        "WAVEfmt "u8.CopyTo(data.AsSpan(8));
        BitConverter.GetBytes(16).CopyTo(data, 16);
        BitConverter.GetBytes((short)1).CopyTo(data, 20);
        BitConverter.GetBytes((short)1).CopyTo(data, 22);
        BitConverter.GetBytes(8000).CopyTo(data, 24);
        BitConverter.GetBytes(8000).CopyTo(data, 28);
        BitConverter.GetBytes((short)1).CopyTo(data, 32);
        BitConverter.GetBytes((short)8).CopyTo(data, 34);
        "data"u8.CopyTo(data.AsSpan(36));
        BitConverter.GetBytes(bytes).CopyTo(data, 40);
        for (var i = 44; i < data.Length; i++) data[i] = (byte)(i % 251);
        return data;
    }

    private int FilesOnDisk() => Directory.Exists(Root) ? Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Count() : 0;

    [Fact]
    public async Task A_photo_is_stored_with_its_size_and_smaller_variants()
    {
        var stored = await InScopeAsync((m, _) => m.SaveAsync(new MemoryStream(Png(1000, 500)), "老照片.png", MediaPolicy.Images, "Alpha", "511002", "test"));
        Assert.Equal((MediaKind.Png, 1000, 500, "老照片.png"), (stored.Type.Kind, stored.Width, stored.Height, stored.OriginalName));
        await using var small = await InScopeAsync((m, _) => m.OpenAsync(stored.Id, 300));
        Assert.Equal("image/jpeg", small!.ContentType);
        using var decoded = SKBitmap.Decode(small.Content);
        Assert.Equal((320, 160), (decoded.Width, decoded.Height));
        await using var original = await InScopeAsync((m, _) => m.OpenAsync(stored.Id, 2000));
        Assert.Equal("image/png", original!.ContentType);
    }

    [Fact]
    public async Task A_text_file_named_like_a_photo_is_refused_and_nothing_is_kept()
    {
        var before = (FilesOnDisk(), await InScopeAsync((_, db) => db.Media.CountAsync()));
        var ex = await Assert.ThrowsAsync<PlatformException>(() => InScopeAsync((m, _) =>
            m.SaveAsync(new MemoryStream("<script>alert(1)</script> this is not a photo"u8.ToArray()), "照片.jpg", MediaPolicy.Images, "Alpha", "511002", "test")));
        Assert.Equal(400, ex.Status);
        Assert.Equal("文件内容不是图片（JPEG、PNG、GIF、WebP）（按文件内容识别为：未知类型，与文件名无关），未保存。", ex.MessageZh);

        var pdfAsPhoto = await Assert.ThrowsAsync<PlatformException>(() => InScopeAsync((m, _) =>
            m.SaveAsync(new MemoryStream("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj"u8.ToArray()), "photo.png", MediaPolicy.Images, "Alpha", "511002", "test")));
        Assert.Contains("识别为：PDF 文档", pdfAsPhoto.MessageZh, StringComparison.Ordinal);
        Assert.Equal(before, (FilesOnDisk(), await InScopeAsync((_, db) => db.Media.CountAsync())));
    }

    [Fact]
    public async Task An_oversized_file_is_refused_with_the_limit_and_nothing_is_kept()
    {
        var before = (FilesOnDisk(), await InScopeAsync((_, db) => db.Media.CountAsync()));
        var ex = await Assert.ThrowsAsync<PlatformException>(() => InScopeAsync((m, _) =>
            m.SaveAsync(new MemoryStream(Wav(100_000)), "讲述.wav", TinyAudio, "Alpha", "511002", "test")));
        Assert.Equal(413, ex.Status);
        Assert.StartsWith("文件过大：音频", ex.MessageZh, StringComparison.Ordinal);
        var empty = await Assert.ThrowsAsync<PlatformException>(() => InScopeAsync((m, _) => m.SaveAsync(new MemoryStream(), "空.wav", TinyAudio, "Alpha", "511002", "test")));
        Assert.Equal("文件是空的，未保存。", empty.MessageZh);
        Assert.Equal(before, (FilesOnDisk(), await InScopeAsync((_, db) => db.Media.CountAsync())));
    }

    [Fact]
    public async Task A_pixel_bomb_is_refused_from_its_header_with_the_limit_and_nothing_is_kept()
    {
        var bomb = TestImages.PixelBomb(20_000, 20_000);
        Assert.True(bomb.Length < 16 * 1024, $"the bomb is {bomb.Length} bytes");
        var before = (FilesOnDisk(), await InScopeAsync((_, db) => db.Media.CountAsync()));
        var ex = await Assert.ThrowsAsync<PlatformException>(() => InScopeAsync((m, _) =>
            m.SaveAsync(new MemoryStream(bomb), "老照片.png", MediaPolicy.Images, "Alpha", "511002", "test")));
        Assert.Equal(413, ex.Status);
        Assert.Contains("20000×20000 像素", ex.MessageZh, StringComparison.Ordinal);
        Assert.Contains(ImageLimits.MaxPixelsZh, ex.MessageZh, StringComparison.Ordinal);
        Assert.Equal(before, (FilesOnDisk(), await InScopeAsync((_, db) => db.Media.CountAsync())));
        // Just under the limit by pixels is measured the same way and accepted as far as the header goes.
        Assert.True(ImageLimits.Allows(8000, 5000));
        Assert.False(ImageLimits.Allows(8000, 5001));
    }

    [Fact]
    public async Task A_batch_with_one_bad_file_stores_none_and_an_unkept_batch_is_removed()
    {
        var before = (FilesOnDisk(), await InScopeAsync((_, db) => db.Media.CountAsync()));
        var refused = await Assert.ThrowsAsync<PlatformException>(() => InScopeAsync(async (m, _) =>
        {
            await using var batch = m.BeginBatch("Alpha", "511002", "test");
            await batch.AddAsync(new MemoryStream(Png(1000, 500)), "一.png", MediaPolicy.Images);
            await batch.AddAsync(new MemoryStream(TestImages.NotAnImage()), "二.jpg", MediaPolicy.Images);
            return await batch.StoreAsync();
        }));
        Assert.Equal(400, refused.Status);
        Assert.Equal(before, (FilesOnDisk(), await InScopeAsync((_, db) => db.Media.CountAsync())));

        // Stored, then the owner's own write fails: disposing without Keep removes the rows and every file.
        var stored = await InScopeAsync(async (m, db) =>
        {
            await using var batch = m.BeginBatch("Alpha", "511002", "test");
            await batch.AddAsync(new MemoryStream(Png(1000, 500)), "一.png", MediaPolicy.Images);
            await batch.AddAsync(new MemoryStream(Png(2000, 1000)), "二.png", MediaPolicy.Images);
            var saved = await batch.StoreAsync();
            Assert.Equal(before.Item2 + 2, await db.Media.CountAsync());
            Assert.True(FilesOnDisk() >= before.Item1 + 2 + 5, "two originals and five variants");
            return saved;
        });
        Assert.Equal(2, stored.Count);
        Assert.Equal(before, (FilesOnDisk(), await InScopeAsync((_, db) => db.Media.CountAsync())));

        // Kept: both stay, with the variants made from their one decode.
        var kept = await InScopeAsync(async (m, _) =>
        {
            await using var batch = m.BeginBatch("Alpha", "511002", "test");
            await batch.AddAsync(new MemoryStream(Png(2000, 1000)), "三.png", MediaPolicy.Images);
            var saved = await batch.StoreAsync();
            batch.Keep();
            return saved[0];
        });
        await using var variant = await InScopeAsync((m, _) => m.OpenAsync(kept.Id, 800));
        using var decoded = SKBitmap.Decode(variant!.Content);
        Assert.Equal((800, 400), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task Audio_is_served_with_range_requests_so_a_player_can_seek()
    {
        var wav = Wav(50_000);
        var stored = await InScopeAsync((m, _) => m.SaveAsync(new MemoryStream(wav), "讲述.wav", MediaPolicy.Audio, "Alpha", "511002", "test"));
        using var client = host.CreateClient();
        var url = $"/r/511002/alpha/media/{stored.Id}";
        var whole = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());
        Assert.Equal("audio/wav", whole.Content.Headers.ContentType!.MediaType);

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(40_000, 40_099);
        var part = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal((40_000L, 40_099L, (long)wav.Length), (part.Content.Headers.ContentRange!.From!.Value, part.Content.Headers.ContentRange.To!.Value, part.Content.Headers.ContentRange.Length!.Value));
        Assert.Equal(wav.AsSpan(40_000, 100).ToArray(), await part.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/r/330102/alpha/media/{stored.Id}")).StatusCode); // another region's page
    }
}

public sealed class MediaStoreTests_Sqlite(SqliteHost host) : MediaStoreTests<SqliteHost>(host);

public sealed class MediaStoreTests_Postgres(PostgresHost host) : MediaStoreTests<PostgresHost>(host);
