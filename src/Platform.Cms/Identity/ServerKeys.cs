using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Platform.Cms.Identity;

/// <summary>Holds the certificates loaded from the database at start (before the first request).</summary>
public sealed class ServerKeyHolder
{
    public ServerKeyStore.KeySet? Keys { get; set; }
}

/// <summary>Hands the persisted certificates to OpenIddict: newest first, older ones kept to validate existing tokens.</summary>
public sealed class ConfigureServerKeys(ServerKeyHolder holder) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        var keys = holder.Keys ?? throw new InvalidOperationException("Server keys are loaded at start, before the first request.");
        foreach (var certificate in keys.Signing)
        {
            // ECDSA certificates sign with ES256 (the default since key rotation can bring them in); RSA ones with RS256.
            options.SigningCredentials.Add(certificate.GetECDsaPrivateKey() is { } ec
                ? new SigningCredentials(new ECDsaSecurityKey(ec) { KeyId = certificate.Thumbprint }, SecurityAlgorithms.EcdsaSha256)
                : new SigningCredentials(new X509SecurityKey(certificate), SecurityAlgorithms.RsaSha256));
        }
        foreach (var certificate in keys.Encryption)
            options.EncryptionCredentials.Add(new EncryptingCredentials(
                new X509SecurityKey(certificate), SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }
}
