using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;

namespace Platform.Cms.Identity;

/// <summary>
/// The authorization server's signing and encryption certificates, kept in <c>core_server_keys</c>: created on
/// the first start, shared by every node, unchanged by restarts. <see cref="RotateAsync"/> adds a new pair that
/// signs from the next start while the retired pair still validates tokens for the overlap period.
/// </summary>
public sealed class ServerKeyStore(IdentityStoreContext db, TimeProvider clock)
{
    public const string Signing = "signing";
    public const string Encryption = "encryption";
    public static readonly TimeSpan Overlap = TimeSpan.FromDays(14);
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(730);

    public sealed record KeySet(IReadOnlyList<X509Certificate2> Signing, IReadOnlyList<X509Certificate2> Encryption);

    /// <summary>The usable certificates, newest first (the server signs and encrypts with the first of each).</summary>
    public async Task<KeySet> LoadOrCreateAsync(CancellationToken ct = default)
    {
        if (!await db.ServerKeys.AnyAsync(k => k.RetiredAt == null, ct))
            await AddPairAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.ServerKeys.AsNoTracking()
            .Where(k => k.NotAfter > now)
            .OrderByDescending(k => k.Id)
            .ToListAsync(ct);
        var usable = rows.Where(k => k.RetiredAt is null || k.RetiredAt.Value + Overlap > now).ToList();
        return new KeySet(
            usable.Where(k => k.Use == Signing).Select(Load).ToList(),
            usable.Where(k => k.Use == Encryption).Select(Load).ToList());
    }

    /// <summary>Retires the current pair (it keeps validating for <see cref="Overlap"/>) and creates a new one.</summary>
    public async Task RotateAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var key in await db.ServerKeys.Where(k => k.RetiredAt == null).ToListAsync(ct))
            key.RetiredAt = now;
        await AddPairAsync(ct);
    }

    private async Task AddPairAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // An RSA-2048 key takes ~0.2 s to generate: make the two on both cores at once (this runs on the first start).
        var encryption = Task.Run(() => CreateRsaCertificate(now, "encryption", X509KeyUsageFlags.KeyEncipherment), ct);
        using var signing = CreateRsaCertificate(now, "signing", X509KeyUsageFlags.DigitalSignature);
        using var encrypting = await encryption;
        foreach (var (use, certificate) in new[] { (Signing, signing), (Encryption, encrypting) })
        {
            db.ServerKeys.Add(new ServerKey
            {
                Use = use,
                Pfx = Convert.ToBase64String(certificate.Export(X509ContentType.Pfx)),
                CreatedAt = now.UtcDateTime,
                NotAfter = certificate.NotAfter.ToUniversalTime(),
            });
        }
        await db.SaveChangesAsync(ct);
    }

    private static X509Certificate2 CreateRsaCertificate(DateTimeOffset now, string use, X509KeyUsageFlags usage)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN=Platform {use} key", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(Lifetime));
    }

    private static X509Certificate2 Load(ServerKey key) =>
        X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(key.Pfx), password: null,
            X509KeyStorageFlags.EphemeralKeySet | X509KeyStorageFlags.Exportable);
}
