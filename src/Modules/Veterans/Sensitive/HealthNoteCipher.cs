using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Modules.Veterans.Sensitive;

/// <summary>
/// Encrypts health notes with AES-256-GCM under a key that never enters the database: <c>Veterans:HealthNotesKey</c>
/// (base64, 32 bytes), else the file named by <c>Veterans:HealthNotesKeyFile</c>, else <c>veterans-health.key</c> in
/// the data folder, made on first use (for a single node and the demo; several nodes must share a configured key).
/// Stored form: version byte 1, 12-byte nonce, 16-byte tag, ciphertext.
/// </summary>
public sealed class HealthNoteCipher
{
    private const byte Version = 1;
    private static readonly byte[] Purpose = "veterans.health-notes.v1"u8.ToArray();
    private readonly byte[] _key;

    public HealthNoteCipher(IConfiguration config, IHostEnvironment environment, ILogger<HealthNoteCipher> logger)
    {
        if (config["Veterans:HealthNotesKey"] is { Length: > 0 } configured)
        {
            _key = Convert.FromBase64String(configured);
        }
        else
        {
            var file = config["Veterans:HealthNotesKeyFile"] is { Length: > 0 } named
                ? Path.GetFullPath(named, environment.ContentRootPath)
                : Path.Combine(DataPath(config, environment), "veterans-health.key");
            _key = LoadOrCreate(file, logger);
        }
        if (_key.Length != 32)
            throw new InvalidOperationException("健康信息密钥必须是 32 字节（base64）。Veterans:HealthNotesKey must be 32 bytes (base64).");
    }

    public HealthNoteCipher(byte[] key) => _key = key;

    /// <summary>Where the host keeps its files (<c>Platform:DataPath</c>, default <c>App_Data</c> under the content root).</summary>
    public static string DataPath(IConfiguration config, IHostEnvironment environment) =>
        config["Platform:DataPath"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, environment.ContentRootPath)
            : Path.Combine(environment.ContentRootPath, "App_Data");

    private static byte[] LoadOrCreate(string file, ILogger logger)
    {
        if (File.Exists(file)) return Convert.FromBase64String(File.ReadAllText(file).Trim());
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
        }
        catch (IOException) when (File.Exists(file))
        {
            return Convert.FromBase64String(File.ReadAllText(file).Trim()); // another process made it first
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        logger.LogWarning("Created the health-notes key file {File}; set Veterans:HealthNotesKey (or a shared key file) when running several nodes, and back it up apart from the database.", file);
        return key;
    }

    public byte[]? Encrypt(string? plain)
    {
        if (string.IsNullOrWhiteSpace(plain)) return null;
        var data = Encoding.UTF8.GetBytes(plain);
        var result = new byte[1 + 12 + 16 + data.Length];
        result[0] = Version;
        var nonce = result.AsSpan(1, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, data, result.AsSpan(29), result.AsSpan(13, 16), Purpose);
        return result;
    }

    public string? Decrypt(byte[]? stored)
    {
        if (stored is null || stored.Length == 0) return null;
        if (stored[0] != Version || stored.Length < 29)
            throw new CryptographicException("Unknown health-notes format.");
        var plain = new byte[stored.Length - 29];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(stored.AsSpan(1, 12), stored.AsSpan(29), stored.AsSpan(13, 16), plain, Purpose);
        return Encoding.UTF8.GetString(plain);
    }
}
