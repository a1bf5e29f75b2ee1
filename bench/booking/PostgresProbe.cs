using System.Globalization;
using Npgsql;

/// <summary>
/// What the PostgreSQL server does during a run: its CPU time (the postmaster, its live children and the children it
/// has reaped, from /proc), and samples of pg_stat_activity every 10 ms: how many of the bench database's backends are
/// running a statement, and how many of those wait on a lock (the hot capacity row's tuple or its transaction).
/// </summary>
internal sealed class PostgresProbe(string connectionString) : IDisposable
{
    private int _postmaster;
    private CancellationTokenSource? _stop;
    private Task<(int Samples, long Active, long Lock, long Client, long Idle)>? _sampling;
    private double _cpuAtStart;

    public async Task StartAsync()
    {
        if (_postmaster == 0)
        {
            // A background process (the checkpointer) is a child of the postmaster.
            await using var c = new NpgsqlConnection(connectionString);
            await c.OpenAsync();
            await using var q = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'", c);
            var checkpointer = Convert.ToInt32(await q.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            _postmaster = Stat(checkpointer)!.Value.Parent;
        }
        _cpuAtStart = ServerCpuMs();
        _stop?.Dispose();
        _stop = new CancellationTokenSource();
        _sampling = SampleAsync(_stop.Token);
    }

    /// <summary>Server CPU ms since <see cref="StartAsync"/>, and the mean backends active, waiting on a lock, waiting on the client (idle in transaction) and idle per sample.</summary>
    public async Task<(double CpuMs, double Active, double Lock, double Client, double Idle)> StopAsync()
    {
        var cpu = ServerCpuMs() - _cpuAtStart;
        await _stop!.CancelAsync();
        var (samples, active, locks, client, idle) = await _sampling!;
        double Mean(long n) => samples == 0 ? 0 : n / (double)samples;
        return (cpu, Mean(active), Mean(locks), Mean(client), Mean(idle));
    }

    public void Dispose() => _stop?.Dispose();

    private async Task<(int, long, long, long, long)> SampleAsync(CancellationToken stop)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync(CancellationToken.None);
        await using var q = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE state = 'active'), count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock'), " +
            "count(*) FILTER (WHERE state = 'idle in transaction'), count(*) FILTER (WHERE state = 'idle') " +
            "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", c);
        await q.PrepareAsync(CancellationToken.None);
        var (samples, active, locks, client, idle) = (0, 0L, 0L, 0L, 0L);
        while (!stop.IsCancellationRequested)
        {
            await using (var r = await q.ExecuteReaderAsync(CancellationToken.None))
            {
                await r.ReadAsync(CancellationToken.None);
                (active, locks, client, idle) = (active + r.GetInt64(0), locks + r.GetInt64(1), client + r.GetInt64(2), idle + r.GetInt64(3));
            }
            samples++;
            try { await Task.Delay(10, stop); } catch (OperationCanceledException) { }
        }
        return (samples, active, locks, client, idle);
    }

    /// <summary>utime + stime of the postmaster and its live children, plus cutime + cstime of the postmaster (exited backends).</summary>
    private double ServerCpuMs()
    {
        var ticks = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            if (Stat(pid) is not { } s) continue;
            if (pid == _postmaster) ticks += s.Ticks + s.ChildTicks;
            else if (s.Parent == _postmaster) ticks += s.Ticks;
        }
        return ticks * 1000.0 / 100; // USER_HZ is 100 on Linux
    }

    private static (int Parent, long Ticks, long ChildTicks)? Stat(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // Fields after the command name (which may hold spaces) in parentheses: state ppid … utime(14) stime(15) cutime(16) cstime(17).
        var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long L(int field) => long.Parse(f[field - 3], CultureInfo.InvariantCulture);
        return (int.Parse(f[1], CultureInfo.InvariantCulture), L(14) + L(15), L(16) + L(17));
    }
}
