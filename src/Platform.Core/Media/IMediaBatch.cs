namespace Platform.Core.Media;

/// <summary>
/// Uploads stored together, all or none (from <see cref="IMediaStore.BeginBatch"/>). Each file is checked completely
/// when added (kind by content, size, an image's pixels read from its header before it is decoded, then its variants
/// made from one decode) and held aside: nothing is stored until <see cref="StoreAsync"/> stores every file at once.
/// Disposing the batch without <see cref="Keep"/> removes whatever it stored, rows and files, so an owner whose own
/// write is refused or fails afterwards leaves nothing behind.
/// </summary>
public interface IMediaBatch : IAsyncDisposable
{
    /// <summary>Checks one file and holds it for <see cref="StoreAsync"/>.</summary>
    /// <exception cref="PlatformException">
    /// 400 (wrong kind, empty, unreadable) or 413 (too many bytes or pixels), in Chinese; nothing of it is kept.
    /// </exception>
    Task AddAsync(Stream content, string originalName, MediaPolicy policy, CancellationToken cancellationToken = default);

    /// <summary>Stores every file added, in the order added, in one database write (or none of them).</summary>
    Task<IReadOnlyList<StoredMedia>> StoreAsync(CancellationToken cancellationToken = default);

    /// <summary>The owner's own write has committed: keep what was stored when the batch is disposed.</summary>
    void Keep();
}
