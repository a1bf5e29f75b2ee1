using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Core;
using Platform.Core.Media;
using SkiaSharp;

namespace Platform.Cms.Media;

/// <summary>Where the media folder is: <c>Platform:Media:Path</c>, else <c>media</c> under the data folder.</summary>
public sealed record MediaOptions(string Root);

/// <summary>
/// Keeps uploads in a folder (<c>{module}/{yyyy}/{MM}/{id}{ext}</c>) with their records in <c>core_media</c>.
/// An upload is streamed to a temporary file while it is counted, hashed and recognised by content; it is refused
/// whole when it is too large, empty, of the wrong kind or (for an image) unreadable, and nothing of it is kept.
/// Images get JPEG variants for the widths in <see cref="IMediaStore.VariantWidths"/> (only those smaller than the
/// original).
/// </summary>
public sealed class FileSystemMediaStore(CoreDbContext db, MediaOptions options, TimeProvider clock, ILogger<FileSystemMediaStore> logger) : IMediaStore
{
    public async Task<StoredMedia> SaveAsync(Stream content, string originalName, MediaPolicy policy, string moduleId, string regionCode, string actor, CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid().ToString("N");
        var temp = Path.Combine(options.Root, "tmp", id);
        Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
        var created = new List<string> { temp };
        try
        {
            var (size, sha, type) = await CopyCheckedAsync(content, temp, policy, cancellationToken);
            int? width = null, height = null;
            if (type.IsImage)
            {
                (width, height) = ImageSize(temp)
                    ?? throw PlatformException.Invalid("图片已损坏或无法读取，未保存。", "The image is damaged or unreadable; nothing was stored.");
                foreach (var w in IMediaStore.VariantWidths.Where(w => w < width))
                {
                    var variant = VariantPath(id, w);
                    created.Add(variant);
                    WriteVariant(temp, variant, w);
                }
            }
            var now = clock.GetUtcNow().UtcDateTime;
            var relative = Path.Combine(Safe(moduleId), now.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture),
                now.ToString("MM", System.Globalization.CultureInfo.InvariantCulture), id + type.Extension);
            var final = Path.Combine(options.Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            File.Move(temp, final);
            created[0] = final;
            var name = Path.GetFileName(originalName ?? "");
            var row = new MediaRow
            {
                Id = id, Module = moduleId, RegionCode = regionCode, Kind = type.Kind.ToString(), Size = size, Sha256 = sha,
                OriginalName = name.Length > 255 ? name[..255] : name, Path = relative, Width = width, Height = height,
                CreatedBy = actor, CreatedAt = now,
            };
            db.Media.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            created.Clear(); // stored: keep the files
            return ToStored(row);
        }
        finally
        {
            foreach (var path in created)
                TryDelete(path);
        }
    }

    public async Task<StoredMedia?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        var row = await db.Media.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        return row is null ? null : ToStored(row);
    }

    public async Task<MediaContent?> OpenAsync(string id, int? width = null, CancellationToken cancellationToken = default)
    {
        var row = await db.Media.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (row is null) return null;
        var stored = ToStored(row);
        if (width is { } wanted && stored.Type.IsImage && row.Width > wanted)
        {
            var best = IMediaStore.VariantWidths.Where(w => w >= wanted && w < row.Width).Order().Cast<int?>().FirstOrDefault();
            if (best is { } w && File.Exists(VariantPath(id, w)))
                return new MediaContent(stored, Open(VariantPath(id, w)), "image/jpeg");
        }
        var path = Path.Combine(options.Root, row.Path);
        if (!File.Exists(path))
        {
            logger.LogError("Media {Id} of {Module} is recorded but its file {Path} is missing", id, row.Module, row.Path);
            return null;
        }
        return new MediaContent(stored, Open(path), stored.Type.ContentType);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        var row = await db.Media.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (row is null) return;
        db.Media.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        TryDelete(Path.Combine(options.Root, row.Path));
        foreach (var w in IMediaStore.VariantWidths) TryDelete(VariantPath(id, w));
    }

    /// <summary>Copies to <paramref name="path"/>, refusing as soon as the size or the first bytes say no.</summary>
    private static async Task<(long Size, string Sha256, MediaType Type)> CopyCheckedAsync(Stream content, string path, MediaPolicy policy, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        var head = new byte[FileSniffer.HeaderLength];
        var headLength = 0;
        MediaType? type = null;
        long size = 0;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
        {
            int read;
            while ((read = await content.ReadAsync(buffer, ct)) > 0)
            {
                size += read;
                if (size > policy.MaxBytes)
                    throw new PlatformException(413, $"文件过大：{policy.NameZh}最大 {policy.MaxText}，未保存。", $"The file is larger than {policy.MaxText}; nothing was stored.");
                if (type is null)
                {
                    var take = Math.Min(read, head.Length - headLength);
                    buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                    headLength += take;
                    if (headLength == head.Length) type = Check(head, policy);
                }
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        if (size == 0) throw PlatformException.Invalid("文件是空的，未保存。", "The file is empty; nothing was stored.");
        type ??= Check(head.AsSpan(0, headLength), policy);
        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()), type);
    }

    private static MediaType Check(ReadOnlySpan<byte> head, MediaPolicy policy)
    {
        var detected = FileSniffer.Detect(head);
        if (detected is null || !policy.Allowed.Contains(detected.Kind))
            throw PlatformException.Invalid(
                $"文件内容不是{policy.NameZh}（按文件内容识别为：{detected?.NameZh ?? "未知类型"}，与文件名无关），未保存。",
                $"The file's content is not {string.Join(", ", policy.Allowed)} (it is {detected?.Kind.ToString() ?? "unknown"}); nothing was stored.");
        return detected;
    }

    private static (int Width, int Height)? ImageSize(string path)
    {
        using var codec = SKCodec.Create(path);
        return codec is null ? null : (codec.Info.Width, codec.Info.Height);
    }

    private static void WriteVariant(string source, string target, int width)
    {
        using var original = SKBitmap.Decode(source)
            ?? throw PlatformException.Invalid("图片已损坏或无法读取，未保存。", "The image is damaged or unreadable; nothing was stored.");
        var height = Math.Max(1, (int)Math.Round(original.Height * (double)width / original.Width));
        using var resized = original.Resize(new SKImageInfo(width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var image = SKImage.FromBitmap(resized);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 82);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var file = File.Create(target);
        data.SaveTo(file);
    }

    private string VariantPath(string id, int width) => Path.Combine(options.Root, "variants", id[..2], $"{id}-{width}.jpg");

    private static FileStream Open(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static string Safe(string module) => string.Concat(module.Where(char.IsAsciiLetterOrDigit));

    private void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Could not delete {Path}", path);
        }
    }

    private static StoredMedia ToStored(MediaRow row) => new(row.Id, row.Module, row.RegionCode, FileSniffer.TypeOf(Enum.Parse<MediaKind>(row.Kind)),
        row.Size, row.Sha256, row.OriginalName, row.Width, row.Height, row.CreatedAt);
}
