using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Core;
using Platform.Core.Media;

namespace Platform.Cms.Media;

/// <summary>Where the media folder is: <c>Platform:Media:Path</c>, else <c>media</c> under the data folder.</summary>
public sealed record MediaOptions(string Root);

/// <summary>
/// Keeps uploads in a folder (<c>{module}/{yyyy}/{MM}/{id}{ext}</c>) with their records in <c>core_media</c>.
/// An upload is streamed to a temporary file while it is counted, hashed and recognised by content, and an image is
/// measured from its header and given its variants (<see cref="ImageVariants"/>); only when every file of a batch has
/// passed are the files moved into place and their records written, in one <c>SaveChanges</c>. A refused file, or
/// a batch whose owner did not keep it, leaves nothing behind.
/// </summary>
public sealed class FileSystemMediaStore(CoreDbContext db, MediaOptions options, TimeProvider clock, ILogger<FileSystemMediaStore> logger) : IMediaStore
{
    public IMediaBatch BeginBatch(string moduleId, string regionCode, string actor) =>
        new FileSystemMediaBatch(this, moduleId, regionCode, actor);

    public async Task<StoredMedia> SaveAsync(Stream content, string originalName, MediaPolicy policy, string moduleId, string regionCode, string actor, CancellationToken cancellationToken = default)
    {
        await using var batch = BeginBatch(moduleId, regionCode, actor);
        await batch.AddAsync(content, originalName, policy, cancellationToken);
        var stored = (await batch.StoreAsync(cancellationToken))[0];
        batch.Keep();
        return stored;
    }

    /// <summary>Checks one upload completely into the temporary folder; nothing of a refused one is kept.</summary>
    internal async Task<StagedMedia> StageAsync(Stream content, string originalName, MediaPolicy policy, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("N");
        var temp = Path.Combine(options.Root, "tmp", id);
        Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
        var created = new List<string> { temp };
        try
        {
            var (size, sha, type) = await CopyCheckedAsync(content, temp, policy, ct);
            int? width = null, height = null;
            var variants = new List<(int Width, string Path)>();
            if (type.IsImage)
            {
                (width, height) = await ImageVariants.MakeAsync(temp, w =>
                {
                    var path = $"{temp}-{w}.jpg";
                    created.Add(path);
                    variants.Add((w, path));
                    return path;
                }, ct);
            }
            var name = Path.GetFileName(originalName ?? "");
            created.Clear(); // staged: the batch owns the files now
            return new StagedMedia(id, temp, type, size, sha, name.Length > 255 ? name[..255] : name, width, height, variants);
        }
        finally
        {
            foreach (var path in created)
                TryDelete(path);
        }
    }

    /// <summary>Moves staged files into place and writes their records at once; on failure nothing stays in place.</summary>
    internal async Task<IReadOnlyList<StoredMedia>> StoreAsync(
        IReadOnlyList<StagedMedia> staged, string moduleId, string regionCode, string actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var placed = new List<(string From, string To)>();
        var rows = new List<MediaRow>();
        try
        {
            foreach (var file in staged)
            {
                var relative = Path.Combine(Safe(moduleId), now.ToString("yyyy", CultureInfo.InvariantCulture),
                    now.ToString("MM", CultureInfo.InvariantCulture), file.Id + file.Type.Extension);
                Place(file.TempPath, Path.Combine(options.Root, relative), placed);
                foreach (var (width, path) in file.Variants) Place(path, VariantPath(file.Id, width), placed);
                rows.Add(new MediaRow
                {
                    Id = file.Id, Module = moduleId, RegionCode = regionCode, Kind = file.Type.Kind.ToString(), Size = file.Size,
                    Sha256 = file.Sha256, OriginalName = file.OriginalName, Path = relative, Width = file.Width, Height = file.Height,
                    CreatedBy = actor, CreatedAt = now,
                });
            }
            db.Media.AddRange(rows);
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            // Back where they were: the batch removes its staged files when it is disposed.
            foreach (var (from, to) in placed) TryMove(to, from);
            throw;
        }
        finally
        {
            foreach (var row in rows) db.Entry(row).State = EntityState.Detached;
        }
        return rows.Select(ToStored).ToList();
    }

    /// <summary>Removes stored uploads whose owner did not keep them: the records first, then the files.</summary>
    internal async Task RemoveAsync(IReadOnlyList<StoredMedia> stored)
    {
        var ids = stored.Select(m => m.Id).ToList();
        var paths = await db.Media.AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => m.Path).ToListAsync(CancellationToken.None);
        try
        {
            await db.Media.Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or InvalidOperationException)
        {
            // Rows and files stay together, unreferenced, rather than rows pointing at nothing.
            logger.LogError(ex, "Could not remove the unkept uploads {Ids}", string.Join(", ", ids));
            return;
        }
        foreach (var path in paths) TryDelete(Path.Combine(options.Root, path));
        foreach (var id in ids)
            foreach (var w in IMediaStore.VariantWidths) TryDelete(VariantPath(id, w));
    }

    /// <summary>Removes a staged file and its variants (those already moved into place are gone from here).</summary>
    internal void Discard(StagedMedia staged)
    {
        TryDelete(staged.TempPath);
        foreach (var (_, path) in staged.Variants) TryDelete(path);
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

    private string VariantPath(string id, int width) => Path.Combine(options.Root, "variants", id[..2], $"{id}-{width}.jpg");

    private static void Place(string from, string to, List<(string From, string To)> placed)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Move(from, to);
        placed.Add((from, to));
    }

    private void TryMove(string from, string to)
    {
        try
        {
            if (File.Exists(from)) File.Move(from, to, overwrite: true);
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Could not move {Path} back", from);
            TryDelete(from);
        }
    }

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
