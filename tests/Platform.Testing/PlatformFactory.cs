using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Core.Data;

namespace Platform.Testing;

/// <summary>
/// A platform host on a fresh database of its own (a new SQLite file, or a new PostgreSQL database on the
/// throwaway server), with the test fixture modules installed.
/// </summary>
public class PlatformFactory : WebApplicationFactory<Program>
{
    private readonly string _dataPath = Directory.CreateTempSubdirectory("platform-test-").FullName;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="kind">SQLite or PostgreSQL.</param>
    /// <param name="demo">Load the demo recipe.</param>
    /// <param name="connectionString">Reuse a database (a restart); null for a fresh one.</param>
    /// <param name="themesPath">Another themes folder.</param>
    /// <param name="publicUrl">Set when the host listens on a real port (browser tests); the admin client then talks to it over HTTP.</param>
    /// <param name="settings">Extra configuration values (e.g. tighter rate limits).</param>
    /// <param name="services">Replaces services (e.g. a manual clock).</param>
    public PlatformFactory(DatabaseKind kind, bool demo = true, string? connectionString = null, string? themesPath = null, string? publicUrl = null,
        IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        PublicUrl = publicUrl;
        _services = services;
        _settings = settings ?? new Dictionary<string, string>();
        Kind = kind;
        Demo = demo;
        ThemesPath = themesPath;
        ConnectionString = connectionString ?? (kind == DatabaseKind.Postgres
            ? PostgresServer.CreateDatabaseAsync().GetAwaiter().GetResult()
            : $"Data Source={Path.Combine(_dataPath, "platform.db")}");
    }

    public DatabaseKind Kind { get; }
    public bool Demo { get; }
    public string ConnectionString { get; }
    public string? ThemesPath { get; }
    public string? PublicUrl { get; }
    public string DataPath => _dataPath;
    public TestLogSink Logs { get; } = new();

    /// <summary>Another host on the same database (a restart, or a second node).</summary>
    public PlatformFactory Restart()
    {
        _restarted = true; // the database now outlives this host: keep its file when this host is disposed
        return new(Kind, demo: false, ConnectionString, ThemesPath, PublicUrl, _settings, _services);
    }

    private bool _restarted;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Platform", ConnectionString);
        builder.UseSetting("Platform:DataPath", _dataPath);
        builder.UseSetting("Platform:Demo", Demo ? "true" : "false");
        builder.UseSetting("Platform:ExtraModuleAssemblies", "Platform.TestModules");
        builder.UseSetting("Platform:PublicUrl", PublicUrl ?? "http://localhost");
        builder.UseSetting("Platform:RateLimits:LoginPerMinute", "1000");
        // OpenIddict logs every request at Information; tests read warnings and errors, and CI logs stay readable.
        builder.UseSetting("Logging:LogLevel:OpenIddict", "Warning");
        // Oral history's demo runs its publication workflow (notices, column timers); hosts testing that machinery count
        // notices and timers, so it is left out unless a test asks for it (OralHistory:Demo=true in settings).
        builder.UseSetting("OralHistory:Demo", "false");
        if (ThemesPath is not null) builder.UseSetting("Platform:ThemesPath", ThemesPath);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureServices(s =>
        {
            s.AddLogging(l => l.AddProvider(Logs));
            _services?.Invoke(s);
            // The admin UI's OpenID Connect client talks to this same in-memory server.
            if (PublicUrl is null)
                s.AddSingleton(new Platform.Cms.Identity.AdminBackchannel { HandlerFactory = () => Server.CreateHandler() });
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || _restarted) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // A restarted host may still hold the file; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>
    /// A browser signed in to the admin as the demo platform administrator (through the real OpenID Connect flow,
    /// password and second factor), which also carries that person's bearer token for the API.
    /// </summary>
    public async Task<HttpClient> CreateAdminAsync(string user = BrowserExtensions.DemoUser)
    {
        var client = CreateBrowser();
        await client.SignInToAdminAsync(user);
        var token = await client.GetUserTokenAsync(user);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
}
