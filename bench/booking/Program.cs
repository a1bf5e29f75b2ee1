using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Data;
using Platform.Modules.Sanatoriums.Bookings;
using Platform.Modules.Sanatoriums.Catalogue;
using Platform.Modules.Sanatoriums.Data;
using Platform.Modules.Veterans.Contracts;
using Platform.Modules.Veterans.Data;
using Platform.Testing;

// Booking throughput under contention: every request aims at the same batch (one hot capacity row), through Kestrel,
// the bearer token check, the booking service, its workflow and the database. Beside it, in the same run, the
// yardstick: the bare conditional update of the capacity row plus the booking insert, in one transaction, with the same
// concurrency. Three quarters of the requests can get a bed; the rest are refused (409, rule capacity).
var kind = args.Length > 0 && args[0] == "postgres" ? DatabaseKind.Postgres : DatabaseKind.Sqlite;
var requests = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4000;
var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
var beds = requests * 3 / 4;
// Warm-up (not timed): each of the three runs below on its own batch, then a pause until the JIT's background
// tiering has finished (on 2 cores it otherwise recompiles thousands of hot methods during the timed runs).
var warmup = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 500;
Console.WriteLine($"booking benchmark: {kind}, {requests:N0} requests, {concurrency} at a time, one batch of {beds:N0} beds");

var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root is not null && !File.Exists(Path.Combine(root.FullName, "Platform.sln"))) root = root.Parent;
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PLATFORM_CMS", Path.Combine(root!.FullName, "src", "Platform.Cms"));
int port;
using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
{
    listener.Start();
    port = ((IPEndPoint)listener.LocalEndpoint).Port;
}
using var host = new PlatformFactory(kind, publicUrl: $"http://127.0.0.1:{port}",
    settings: new Dictionary<string, string> { ["Platform:Jobs:Enabled"] = "false", ["Logging:LogLevel:Default"] = "Warning" });
host.UseKestrel(port);
host.StartServer();
var baseUrl = host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/');

// Setup (not timed): the people to book, a sanatorium, the batches.
var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim("name", "bench"), new Claim(GrantClaim.ClaimType, new GrantClaim(PlatformRoles.PlatformAdmin, null, null).Format())], "bench", "name", "role"));
var veterans = new List<long>();
using (var scope = host.Services.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<VeteransDbContext>();
    var now = DateTime.UtcNow;
    for (var i = 0; i < Math.Max(requests, warmup) + 100; i++)
        db.Veterans.Add(new Veteran { Name = $"压测{i}", RegionCode = "511002", BirthDate = new DateOnly(1940, 1, 1), Kind = VeteranKind.Cadre, UpdatedBy = "bench", CreatedAt = now, UpdatedAt = now, Revision = 1 });
    await db.SaveChangesAsync();
    veterans = await db.Veterans.Where(v => v.Name.StartsWith("压测")).OrderBy(v => v.Id).Select(v => v.Id).ToListAsync();
}
var today = DateOnly.FromDateTime(DateTime.UtcNow);
async Task<long> BatchAsync(long sanatorium, int startInDays, int count)
{
    using var scope = host.Services.CreateScope();
    var start = today.AddDays(startInDays);
    return (await scope.ServiceProvider.GetRequiredService<SanatoriumService>().CreateBatchAsync(admin, sanatorium, new BatchInput($"压测批次{startInDays}", start, start.AddDays(7), 1000m,
        new Dictionary<string, int> { [RoomKinds.SingleRoom] = count }, [], DateTime.UtcNow.AddDays(-1), start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(-1)))).Id;
}
long sanatoriumId;
using (var scope = host.Services.CreateScope())
    sanatoriumId = (await scope.ServiceProvider.GetRequiredService<SanatoriumService>().CreateAsync(admin, new SanatoriumInput("p-91511000ma62a0002n", "压测疗养院", "内江", "理疗", "医务室", null,
        new Dictionary<string, int> { [RoomKinds.SingleRoom] = Math.Max(requests, warmup) + 100 }))).Id;
var yardstickBatch = await BatchAsync(sanatoriumId, 60, beds);
var mainBatch = await BatchAsync(sanatoriumId, 90, beds);
var serviceBatch = await BatchAsync(sanatoriumId, 120, beds);

// A liaison officer's bearer token through the real sign-in (authorization code + PKCE).
var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2, UseCookies = true, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
var token = await http.GetUserTokenAsync("neijiang-liaison", scope: "openid sanatoriums.book sanatoriums.read", redirectUri: $"{baseUrl}/signin-oidc");
using var api = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = new Uri(baseUrl) };
api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.AccessToken);

async Task<(HttpStatusCode Status, double Ms)> BookAsync(long batch, long veteran, string key)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sanatoriums/bookings")
    {
        Content = JsonContent.Create(new { batchId = batch, veteranId = veteran, roomType = RoomKinds.SingleRoom, joinWaitlist = false }),
    };
    request.Headers.Add("Idempotency-Key", key);
    var started = Stopwatch.GetTimestamp();
    using var response = await api.SendAsync(request);
    if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
        Console.WriteLine($"unexpected {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    return (response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
}

// CPU time of this process (host and client together) per request of the last run: less sensitive than rates to
// whatever else the machine is doing.
var cpuPerRequest = 0.0;
var jitted = 0L;
// PostgreSQL: the server's CPU per request and what its backends were doing (PostgresProbe).
using PostgresProbe? probe = kind == DatabaseKind.Postgres ? new PostgresProbe(ConnectionString()) : null;
string ConnectionString()
{
    using var scope = host.Services.CreateScope();
    return scope.ServiceProvider.GetRequiredService<SanatoriumsDbContext>().Database.GetConnectionString()!;
}
var server = (CpuMs: 0.0, Active: 0.0, Lock: 0.0, Client: 0.0, Idle: 0.0);
// SQLite: the write line between writers (SqliteWriteGate.Stats) during the last run.
var gate = (Handovers: 0L, ResumeMs: 0.0, BeginMs: 0.0, Holds: 0L, HeldMs: 0.0);
var lines = (Direct: 0L, Pooled: 0L);
async Task<(TimeSpan Elapsed, List<(bool Committed, double Ms)> Results)> RunAsync(int count, Func<int, Task<(bool Committed, double Ms)>> op)
{
    var results = new (bool, double)[count];
    var next = -1;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
    if (probe is not null) await probe.StartAsync();
    var gateBefore = SqliteWriteGate.Stats();
    var linesBefore = SqliteWriteLine.Handovers;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count) results[i] = await op(i);
    })));
    var elapsed = watch.Elapsed;
    var gateAfter = SqliteWriteGate.Stats();
    lines = (SqliteWriteLine.Handovers.Direct - linesBefore.Direct, SqliteWriteLine.Handovers.Pooled - linesBefore.Pooled);
    if (probe is not null) server = await probe.StopAsync();
    var handovers = gateAfter.Handovers - gateBefore.Handovers;
    gate = (handovers, handovers == 0 ? 0 : (gateAfter.ResumeMs * gateAfter.Handovers - gateBefore.ResumeMs * gateBefore.Handovers) / handovers,
        handovers == 0 ? 0 : (gateAfter.BeginMs * gateAfter.Handovers - gateBefore.BeginMs * gateBefore.Handovers) / handovers,
        gateAfter.Holds - gateBefore.Holds, gateAfter.HeldMs - gateBefore.HeldMs);
    cpuPerRequest = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / count;
    jitted = System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore;
    return (elapsed, results.ToList());
}

static double Percentile(IEnumerable<double> values, double p)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

void Print(string what, TimeSpan elapsed, List<(bool Committed, double Ms)> results)
{
    var committed = results.Count(r => r.Committed);
    Console.WriteLine($"{what}: {committed:N0} committed of {results.Count:N0} in {elapsed.TotalSeconds:F2} s → {committed / elapsed.TotalSeconds:N0} committed/s, " +
        $"{results.Count / elapsed.TotalSeconds:N0} requests/s; latency p50 {Percentile(results.Select(r => r.Ms), 0.50):F1} ms, " +
        $"p99 {Percentile(results.Select(r => r.Ms), 0.99):F1} ms (committed p99 {Percentile(results.Where(r => r.Committed).Select(r => r.Ms), 0.99):F1} ms); " +
        $"CPU {cpuPerRequest:F2} ms per request; {jitted:N0} methods JIT-compiled meanwhile");
    if (kind == DatabaseKind.Sqlite)
        Console.WriteLine($"  SQLite write line: held {gate.HeldMs / elapsed.TotalMilliseconds:P0} of the run ({gate.Holds:N0} holds, {gate.HeldMs / Math.Max(1, gate.Holds):F3} ms each); " +
            $"{gate.Handovers:N0} writers waited for it: from the release before them to resuming {gate.ResumeMs:F3} ms, to their BEGIN done {gate.BeginMs:F3} ms (mean); " +
            $"handed over on the releasing thread {lines.Direct:N0}, through the thread pool {lines.Pooled:N0}");
    if (probe is not null)
        Console.WriteLine($"  PostgreSQL server: CPU {server.CpuMs / results.Count:F2} ms per request ({server.CpuMs / elapsed.TotalMilliseconds:P0} of one core); " +
            $"backends of the bench database (mean of 10 ms samples): {server.Active:F1} running a statement, of them {server.Lock:F1} waiting on a lock; " +
            $"{server.Client:F1} idle in a transaction (waiting on the client), {server.Idle:F1} idle");
}

// Yardstick: the bare conditional update + insert, same database, same concurrency.
async Task<(bool Committed, double Ms)> YardstickAsync(long batch, int i, string key)
{
    var started = Stopwatch.GetTimestamp();
    using var scope = host.Services.CreateScope();
    var db = scope.ServiceProvider.GetRequiredService<SanatoriumsDbContext>();
    await using var tx = await db.Database.BeginTransactionAsync();
    var took = await db.Capacity.Where(c => c.BatchId == batch && c.RoomType == RoomKinds.SingleRoom && c.Taken + 1 <= c.Beds)
        .ExecuteUpdateAsync(s => s.SetProperty(c => c.Taken, c => c.Taken + 1)) == 1;
    if (took)
    {
        var now = DateTime.UtcNow;
        db.Bookings.Add(new Booking { BatchId = batch, RoomType = RoomKinds.SingleRoom, VeteranId = veterans[i], VeteranName = "压测", RegionCode = "511002",
            Status = BookingStatus.Requested, HoldsBeds = true, IdempotencyKey = key, ActedBy = "bench", ActedAs = "bureau", CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync();
    }
    await tx.CommitAsync();
    return (took, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
}

// The same bookings through the booking service in process (no HTTP, no token check): what the stack above it costs.
var liaison = new ClaimsPrincipal(new ClaimsIdentity([new Claim("name", "neijiang-liaison"), new Claim(GrantClaim.ClaimType, new GrantClaim(PlatformRoles.LiaisonOfficer, "511000", null).Format())], "bench", "name", "role"));
async Task<(bool Committed, double Ms)> ServiceAsync(long batch, int i, string key)
{
    var started = Stopwatch.GetTimestamp();
    using var scope = host.Services.CreateScope();
    var result = await scope.ServiceProvider.GetRequiredService<BookingService>().RequestAsync(liaison,
        new BookingRequest(batch, veterans[i], RoomKinds.SingleRoom, key, JoinWaitlist: false));
    return (result.Booking is not null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
}

async Task<(bool Committed, double Ms)> ApiAsync(long batch, int i, string key)
{
    var (status, ms) = await BookAsync(batch, veterans[i], key);
    return (status == HttpStatusCode.Created, ms);
}

// Warm-up: JIT, connection pools, token cache. Rounds of the three runs on batches of their own (stays 20 days apart
// so no veteran overlaps), each followed by a pause until the JIT is quiet, until a round compiles few new methods:
// a method is compiled up to three times (quick, instrumented, optimised) as it keeps being called.
var commands = new CommandCounter();
var warmWatch = Stopwatch.StartNew();
for (var round = 0; round < 8; round++)
{
    var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
    var (apiWarm, yardstickWarm, serviceWarm) = (await BatchAsync(sanatoriumId, 130 + 20 * round, warmup * 3 / 4),
        await BatchAsync(sanatoriumId, 130 + 20 * round, warmup * 3 / 4), await BatchAsync(sanatoriumId, 140 + 20 * round, warmup * 3 / 4));
    commands.Start();
    await RunAsync(warmup, i => ApiAsync(apiWarm, i, $"warm-{round}-{i}"));
    commands.Stop();
    await RunAsync(warmup, i => YardstickAsync(yardstickWarm, i, $"warm-yardstick-{round}-{i}"));
    await RunAsync(warmup, i => ServiceAsync(serviceWarm, i, $"warm-service-{round}-{i}"));
    for (var seen = -1L; seen != System.Runtime.JitInfo.GetCompiledMethodCount(); await Task.Delay(1000))
        seen = System.Runtime.JitInfo.GetCompiledMethodCount();
    compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - compiled;
    Console.WriteLine($"warm-up round {round + 1}: {warmup:N0} requests of each kind, {compiled:N0} methods JIT-compiled, {warmWatch.Elapsed.TotalSeconds:F0} s so far");
    if (compiled < 100) break;
}

var (yElapsed, yResults) = await RunAsync(requests, i => YardstickAsync(yardstickBatch, i, $"yardstick-{i}"));
Print("yardstick (conditional update + insert)", yElapsed, yResults);

var (sElapsed, sResults) = await RunAsync(requests, i => ServiceAsync(serviceBatch, i, $"service-{i}"));
Print("booking service in process (booking service + workflow + database)", sElapsed, sResults);

var preparedBefore = host.Services.GetRequiredService<PreparedReads>().CommandsRun;
var batchedBefore = SqlStatements.CommandsRun;
commands.Start();
var (elapsed, results) = await RunAsync(requests, i => ApiAsync(mainBatch, i, $"bench-{i}"));
var statements = commands.Stop();
var prepared = host.Services.GetRequiredService<PreparedReads>().CommandsRun - preparedBefore;
var batched = SqlStatements.CommandsRun - batchedBefore;
Print("booking API (HTTP + token + booking service + workflow + database)", elapsed, results);
// Database round trips of the API run (every context, token checks included), per request.
Console.WriteLine($"database commands per API request: {(statements.Sum(s => s.Count) + prepared + batched) / (double)requests:F2} " +
    $"(EF Core {statements.Sum(s => s.Count) / (double)requests:F2}, prepared reads {prepared / (double)requests:F2}: token entry, veteran, provider status, booking facts; " +
    $"one-command writes {batched / (double)requests:F2}: a booking with its process, nights and beds)");
foreach (var (statement, count) in statements.Take(25))
    Console.WriteLine($"  {count / (double)requests,6:F2}  {statement}");

var overbooked = 0;
using (var scope = host.Services.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<SanatoriumsDbContext>();
    var capacity = await db.Capacity.SingleAsync(c => c.BatchId == mainBatch);
    var held = await db.Bookings.Where(b => b.BatchId == mainBatch && b.HoldsBeds).SumAsync(b => b.Beds);
    var twice = await db.Bookings.Where(b => b.BatchId == mainBatch && b.HoldsBeds).GroupBy(b => b.VeteranId).CountAsync(g => g.Count() > 1);
    var processes = await db.Bookings.CountAsync(b => b.BatchId == mainBatch && b.HoldsBeds && b.WorkflowInstanceId != null);
    overbooked = Math.Max(0, held - capacity.Beds);
    Console.WriteLine($"check: {capacity.Taken:N0} of {capacity.Beds:N0} beds taken, {held:N0} held by bookings, {processes:N0} with a process, " +
        $"overbooked {Math.Max(0, held - capacity.Beds)}, ledger mismatch {held - capacity.Taken}, veterans held twice {twice}, " +
        $"API committed {results.Count(r => r.Committed):N0}");
}
var committedPerSecond = results.Count(r => r.Committed) / elapsed.TotalSeconds;
var p99 = Percentile(results.Select(r => r.Ms), 0.99);
Console.WriteLine($"targets ≥ 1,000 committed/s and p99 ≤ 100 ms: {(committedPerSecond >= 1000 && p99 <= 100 ? "met" : "NOT met")}; " +
    $"API/yardstick = {committedPerSecond / (yResults.Count(r => r.Committed) / yElapsed.TotalSeconds):P0}");
Console.WriteLine($"reproduce: dotnet run -c Release --project bench/booking -- {(kind == DatabaseKind.Postgres ? "postgres" : "sqlite")} {requests} {concurrency}");

// The same figures as a Markdown table (bench/run copies every line that starts with "|" into its results).
var yardstickPerSecond = yResults.Count(r => r.Committed) / yElapsed.TotalSeconds;
string Rate(TimeSpan e, List<(bool Committed, double Ms)> r) =>
    $"{r.Count(x => x.Committed) / e.TotalSeconds:N0} committed/s, p50 {Percentile(r.Select(x => x.Ms), 0.50):F1} / p99 {Percentile(r.Select(x => x.Ms), 0.99):F1} ms";
Console.WriteLine();
Console.WriteLine("| measure | platform | yardstick (same run) | ratio | target |");
Console.WriteLine("|---|---|---|---:|---|");
Console.WriteLine($"| booking API on {kind} ({requests:N0} requests, {concurrency} at a time, one hot batch; own in-process host and database) | {Rate(elapsed, results)}; overbooked {overbooked} | " +
    $"conditional update + insert: {Rate(yElapsed, yResults)} | {committedPerSecond / yardstickPerSecond:F3} | " +
    $"≥ 1,000/s: {(committedPerSecond >= 1000 ? "met" : "**not met**")}; p99 ≤ 100 ms: {(p99 <= 100 ? "met" : "**not met**")}; 0 overbooked: {(overbooked == 0 ? "met" : "**not met**")} |");
Console.WriteLine($"| booking service in process on {kind} (no HTTP, no token) | {Rate(sElapsed, sResults)} | conditional update + insert: {Rate(yElapsed, yResults)} | {sResults.Count(r => r.Committed) / sElapsed.TotalSeconds / yardstickPerSecond:F3} | — |");
