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
    /// <param name="pregenerated">A pair made in advance (first start), used if the database has none yet.</param>
    /// <param name="ct">Cancels the work.</param>
    public async Task<KeySet> LoadOrCreateAsync(Task<CertificatePair>? pregenerated = null, CancellationToken ct = default)
    {
        if (!await db.ServerKeys.AnyAsync(k => k.RetiredAt == null, ct))
        {
            using var pair = await (pregenerated ?? GenerateAsync(clock.GetUtcNow()));
            await AddPairAsync(pair, ct);
        }
        else if (pregenerated is not null)
        {
            (await pregenerated).Dispose(); // another node stored its pair first
        }
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
        using var pair = await GenerateAsync(clock.GetUtcNow());
        await AddPairAsync(pair, ct);
    }

    /// <summary>
    /// A new pair: an ECDSA P-256 certificate signs (ES256, made in a millisecond); an RSA-2048 certificate encrypts
    /// (RSA-OAEP, which JWT encryption needs; finding the key takes 0.2 s to 1 s, so it runs in the background).
    /// </summary>
    public static async Task<CertificatePair> GenerateAsync(DateTimeOffset now)
    {
        var encryption = Task.Run(() => CreateRsaCertificate(now, "encryption", X509KeyUsageFlags.KeyEncipherment));
        var signing = CreateEcCertificate(now);
        return new CertificatePair(signing, await encryption);
    }

    private static X509Certificate2 CreateEcCertificate(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Platform signing key", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(Lifetime));
    }

    public sealed record CertificatePair(X509Certificate2 Signing, X509Certificate2 Encryption) : IDisposable
    {
        public void Dispose()
        {
            Signing.Dispose();
            Encryption.Dispose();
        }
    }

    private async Task AddPairAsync(CertificatePair pair, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var (use, certificate) in new[] { (Signing, pair.Signing), (Encryption, pair.Encryption) })
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
