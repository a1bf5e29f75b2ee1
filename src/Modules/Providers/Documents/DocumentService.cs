using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Media;
using Platform.Modules.Providers.Data;
using Platform.Modules.Providers.Organisations;

namespace Platform.Modules.Providers.Documents;

/// <summary>
/// Vetting documents: each an uploaded scan checked by content (<see cref="MediaPolicy.Documents"/>: a PDF or an image,
/// at most 20 MB) with an expiry date. A newer upload of a kind replaces the older one, which is kept for the record.
/// </summary>
public sealed class DocumentService(ProvidersDbContext db, IMediaStore media, TimeProvider clock)
{
    public sealed record StoredScan(DocumentUpload Upload, StoredMedia Media);

    /// <summary>
    /// Stores every scan or none: each is checked (kind, expiry, content, size, pixels) before any is stored, and a
    /// refusal names the document. The caller removes them with <see cref="DiscardScansAsync"/> if its own write fails.
    /// </summary>
    public async Task<List<StoredScan>> StoreScansAsync(IReadOnlyList<DocumentUpload> uploads, Provider provider, string actor, CancellationToken ct)
    {
        foreach (var upload in uploads)
        {
            if (!DocumentKinds.All.Contains(upload.Kind))
                throw PlatformException.Invalid("未知的证件类别，请从列表中选择。", $"Unknown document kind '{upload.Kind}'.");
            if (upload.ExpiresOn <= Today())
                throw PlatformException.Invalid($"《{DocumentKinds.NameZh(upload.Kind, provider.Category)}》的有效期（{upload.ExpiresOn:yyyy-MM-dd}）已过，请上传有效的证件。",
                    "The document has already expired.");
        }
        if (uploads.Count == 0) return [];
        await using var batch = media.BeginBatch("Providers", provider.HomeRegion, actor);
        foreach (var upload in uploads)
        {
            try
            {
                await batch.AddAsync(upload.Content, upload.FileName, MediaPolicy.Documents, ct);
            }
            catch (PlatformException ex)
            {
                var kind = DocumentKinds.NameZh(upload.Kind, provider.Category);
                throw new PlatformException(ex.Status, $"《{kind}》：{ex.MessageZh}", ex.MessageEn);
            }
        }
        var stored = await batch.StoreAsync(ct);
        batch.Keep();
        return uploads.Zip(stored, (upload, saved) => new StoredScan(upload, saved)).ToList();
    }

    public async Task DiscardScansAsync(IEnumerable<StoredScan> stored, CancellationToken ct)
    {
        // Not cancelled with the request: the scans must go even when the applicant has gone.
        foreach (var scan in stored) await media.DeleteAsync(scan.Media.Id, CancellationToken.None);
    }

    /// <summary>Records stored scans for a provider; older documents of the same kinds are marked replaced.</summary>
    public async Task AddRecordsAsync(Provider provider, IReadOnlyList<StoredScan> stored, string actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var mandatory = DocumentKinds.Mandatory(provider.Category);
        var kinds = stored.Select(s => s.Upload.Kind).ToList();
        foreach (var old in await db.Documents.Where(d => d.ProviderId == provider.Id && d.ReplacedAt == null && kinds.Contains(d.Kind)).ToListAsync(ct))
            old.ReplacedAt = now;
        foreach (var scan in stored)
        {
            db.Documents.Add(new ProviderDocument
            {
                ProviderId = provider.Id, Kind = scan.Upload.Kind, MediaId = scan.Media.Id, OriginalName = scan.Media.OriginalName,
                ExpiresOn = scan.Upload.ExpiresOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), Mandatory = mandatory.Contains(scan.Upload.Kind),
                UploadedAt = now, UploadedBy = actor,
            });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Uploads one document for an existing provider (the caller has been checked by the page or endpoint).</summary>
    public async Task<ProviderDocument> UploadAsync(Provider provider, DocumentUpload upload, ClaimsPrincipal caller, CancellationToken ct)
    {
        var actor = caller.Identity?.Name ?? "anonymous";
        var stored = await StoreScansAsync([upload], provider, actor, ct);
        try
        {
            await AddRecordsAsync(provider, stored, actor, ct);
        }
        catch
        {
            await DiscardScansAsync(stored, ct);
            throw;
        }
        return await db.Documents.Where(d => d.ProviderId == provider.Id && d.ReplacedAt == null && d.Kind == upload.Kind).FirstAsync(ct);
    }

    /// <summary>The provider's current documents (not replaced), by kind.</summary>
    public Task<List<ProviderDocument>> CurrentAsync(long providerId, CancellationToken ct) =>
        db.Documents.AsNoTracking().Where(d => d.ProviderId == providerId && d.ReplacedAt == null).OrderBy(d => d.Kind).ToListAsync(ct);

    /// <summary>Mandatory kinds missing or expired on <paramref name="today"/>, in Chinese, for guards and messages.</summary>
    public async Task<List<string>> ProblemsAsync(Provider provider, DateOnly today, CancellationToken ct)
    {
        var current = await CurrentAsync(provider.Id, ct);
        var problems = new List<string>();
        foreach (var kind in DocumentKinds.Mandatory(provider.Category))
        {
            var doc = current.FirstOrDefault(d => d.Kind == kind);
            var name = DocumentKinds.NameZh(kind, provider.Category);
            if (doc is null) problems.Add($"缺少《{name}》");
            else if (DateOnly.FromDateTime(doc.ExpiresOn) < today) problems.Add($"《{name}》已于 {doc.ExpiresOn:yyyy-MM-dd} 过期");
        }
        return problems;
    }

    /// <summary>Today in China (UTC+8), the day the bureaus and providers count in.</summary>
    public DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));
}
