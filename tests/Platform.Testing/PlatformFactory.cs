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

    public PlatformFactory(DatabaseKind kind, bool demo = true, string? connectionString = null, string? themesPath = null)
    {
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
    public string DataPath => _dataPath;
    public TestLogSink Logs { get; } = new();

    /// <summary>Another host on the same database (a restart, or a second node).</summary>
    public PlatformFactory Restart() => new(Kind, demo: false, ConnectionString, ThemesPath);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Platform", ConnectionString);
        builder.UseSetting("Platform:DataPath", _dataPath);
        builder.UseSetting("Platform:Demo", Demo ? "true" : "false");
        builder.UseSetting("Platform:ExtraModuleAssemblies", "Platform.TestModules");
        if (ThemesPath is not null) builder.UseSetting("Platform:ThemesPath", ThemesPath);
        builder.ConfigureServices(s => s.AddLogging(l => l.AddProvider(Logs)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
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

    /// <summary>A browser signed in as the demo platform administrator.</summary>
    public async Task<HttpClient> CreateAdminAsync()
    {
        var client = CreateBrowser();
        await client.SignInAsync();
        return client;
    }

    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
}
