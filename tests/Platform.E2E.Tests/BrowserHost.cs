using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Platform.Core.Data;
using Platform.Testing;

namespace Platform.E2E.Tests;

/// <summary>
/// The real host (demo data, SQLite, fixture modules) listening on a loopback port through Kestrel,
/// and one headless Debian Chromium driven by Playwright. One per test class.
/// </summary>
public sealed class BrowserHost : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    // One port per host: each test class gets its own host, and classes run in parallel.
    private readonly int Port;
    private readonly PlatformFactory _host;

    public BrowserHost()
    {
        Port = FreePort();
        _host = new(DatabaseKind.Sqlite, publicUrl: $"http://127.0.0.1:{Port}",
            settings: new Dictionary<string, string> { ["OralHistory:Demo"] = "true" }); // the public site with its stories
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where the host listens, e.g. http://127.0.0.1:40123 (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        // Never download a browser: use the system's Chromium (./platform test installs Debian's and exports this).
        var chromium = Environment.GetEnvironmentVariable("PLATFORM_TEST_CHROMIUM") is { Length: > 0 } configured
            ? configured
            : "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException(
                $"Chromium not found at {chromium}. Install Debian's chromium (apt-get install chromium) or set " +
                "PLATFORM_TEST_CHROMIUM to its path; `./platform test` does both. Browser tests never download a browser.");

        _host.UseKestrel(Port);
        _host.StartServer();
        var addresses = _host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseUrl = addresses.First().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh, cookie-less browser window on the host; dispose it at the end of the test.</summary>
    public Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL = BaseUrl;
        options.Locale ??= "zh-CN";
        return Browser.NewContextAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        await _host.DisposeAsync();
    }
}
