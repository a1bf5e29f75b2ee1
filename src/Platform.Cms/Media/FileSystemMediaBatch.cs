using Platform.Core.Media;

namespace Platform.Cms.Media;

/// <summary>A file checked and held in the temporary folder, not stored yet.</summary>
internal sealed record StagedMedia(
    string Id, string TempPath, MediaType Type, long Size, string Sha256, string OriginalName, int? Width, int? Height,
    IReadOnlyList<(int Width, string Path)> Variants);

/// <summary>
/// The files of one upload, stored all or none by <see cref="FileSystemMediaStore"/>; disposing removes the staged
/// files, and the stored ones too unless the owner kept them.
/// </summary>
internal sealed class FileSystemMediaBatch(FileSystemMediaStore store, string moduleId, string regionCode, string actor) : IMediaBatch
{
    private readonly List<StagedMedia> _staged = [];
    private IReadOnlyList<StoredMedia>? _stored;
    private bool _kept;

    public async Task AddAsync(Stream content, string originalName, MediaPolicy policy, CancellationToken cancellationToken = default)
    {
        if (_stored is not null) throw new InvalidOperationException("This batch has been stored; begin another one.");
        _staged.Add(await store.StageAsync(content, originalName, policy, cancellationToken));
    }

    public async Task<IReadOnlyList<StoredMedia>> StoreAsync(CancellationToken cancellationToken = default)
    {
        if (_stored is not null) throw new InvalidOperationException("This batch has been stored already.");
        if (_staged.Count == 0) throw new InvalidOperationException("Nothing was added to this batch.");
        _stored = await store.StoreAsync(_staged, moduleId, regionCode, actor, cancellationToken);
        return _stored;
    }

    public void Keep() => _kept = true;

    public async ValueTask DisposeAsync()
    {
        if (_stored is not null && !_kept) await store.RemoveAsync(_stored);
        foreach (var staged in _staged) store.Discard(staged);
    }
}
