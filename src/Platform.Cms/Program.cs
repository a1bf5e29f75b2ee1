using Platform.Cms.Hosting;

// --demo is ours, not a configuration key: take it out before the host parses the command line.
// Platform:Demo=true in configuration does the same (the test host uses that).
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());
var loadDemo = args.Contains("--demo") || builder.Configuration.GetValue<bool>("Platform:Demo");
var catalog = builder.AddPlatform();

var app = builder.Build();
await app.PrepareDatabaseAsync(loadDemo);
app.UsePlatform(catalog);

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Urls.Count > 0 ? string.Join(", ", app.Urls) : "(see --urls)";
    Console.WriteLine($"军休服务平台已启动 / Platform started: {addresses}");
    Console.WriteLine($"  公开站点 Public site: {app.Urls.FirstOrDefault()}/r/511000/   管理后台 Admin: {app.Urls.FirstOrDefault()}/admin");
    if (loadDemo)
        Console.WriteLine("  演示账号 Demo login: admin / Demo#2026 （平台管理员 platform admin）");
});

await app.RunAsync();

/// <summary>Entry point type, public for the test host.</summary>
public partial class Program;
