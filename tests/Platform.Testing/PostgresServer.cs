using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Platform.Testing;

/// <summary>
/// The throwaway PostgreSQL server for tests: the one <c>./platform test</c> started (its connection string in
/// <c>PLATFORM_TEST_POSTGRES</c>), or, when a test run is started without it, one this process starts itself
/// from the Debian binaries and stops on exit. Each test class gets its own database on it.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<string> Server = new(StartOrReuse, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ConnectionString => Server.Value;

    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(ConnectionString + ";Database=postgres");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString + $";Database={name}";
    }

    private static string StartOrReuse()
    {
        var fromScript = Environment.GetEnvironmentVariable("PLATFORM_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(fromScript)) return fromScript;

        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")))
            : null;
        if (bin is null)
            throw new InvalidOperationException("PostgreSQL is not installed: run ./platform test, which installs it from Debian packages.");

        var dir = Directory.CreateTempSubdirectory("platform-pg-").FullName;
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", $"postgres {dir}");
        RunPg(bin, asRoot, "initdb", $"-D {dir}/data -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8");
        RunPg(bin, asRoot, "pg_ctl",
            $"-D {dir}/data -l {dir}/log -w -o \"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            RunPg(bin, asRoot, "pg_ctl", $"-D {dir}/data -m immediate stop");
            Directory.Delete(dir, recursive: true);
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Password=postgres;Include Error Detail=true";
    }

    private static void RunPg(string bin, bool asRoot, string tool, string arguments)
    {
        if (asRoot) Run("runuser", $"-u postgres -- {bin}/{tool} {arguments}");
        else Run($"{bin}/{tool}", arguments);
    }

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} failed: {error.Result}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
