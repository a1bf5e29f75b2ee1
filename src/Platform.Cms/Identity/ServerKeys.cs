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
            options.SigningCredentials.Add(new SigningCredentials(new X509SecurityKey(certificate), SecurityAlgorithms.RsaSha256));
        foreach (var certificate in keys.Encryption)
            options.EncryptionCredentials.Add(new EncryptingCredentials(
                new X509SecurityKey(certificate), SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }
}
