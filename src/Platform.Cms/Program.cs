using Platform.Cms.Hosting;

// --demo is ours, not a configuration key: take it out before the host parses the command line.
// Platform:Demo=true in configuration does the same (the test host uses that).
// `keys rotate` retires the token signing/encryption certificates and makes new ones, then exits.
// `search rebuild` rebuilds this node's search index from the database, showing progress, then exits.
var rotateKeys = args.Length >= 2 && args[0] == "keys" && args[1] == "rotate";
var rebuildSearch = args.Length >= 2 && args[0] == "search" && args[1] == "rebuild";
var hostArgs = args.Where(a => a != "--demo").Skip(rotateKeys || rebuildSearch ? 2 : 0).ToArray();
var builder = WebApplication.CreateBuilder(hostArgs);
var loadDemo = args.Contains("--demo") || builder.Configuration.GetValue<bool>("Platform:Demo");
var catalog = builder.AddPlatform();

var app = builder.Build();
await app.PrepareDatabaseAsync(loadDemo && !rotateKeys && !rebuildSearch);
if (rebuildSearch)
{
    await Platform.Cms.Search.SearchCommands.RebuildAsync(app.Services);
    return;
}
if (rotateKeys)
{
    await app.RotateServerKeysAsync();
    Console.WriteLine("已生成新的令牌签名与加密证书；各节点重启后用新证书签发，旧证书在 14 天内仍可验证已签发的令牌。");
    Console.WriteLine("New token signing and encryption certificates created; nodes sign with them after a restart, and the old ones keep validating issued tokens for 14 days.");
    return;
}
app.UsePlatform(catalog);
// Start-up (migrations, models, demo data, token keys) leaves garbage the collector would keep until it needs room: give
// it back to the system once, before the first request (workstation GC, see Platform.Cms.csproj).
GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

app.Lifetime.ApplicationStarted.Register(() =>
{
    var address = app.Urls.FirstOrDefault() ?? "(see --urls)";
    Console.WriteLine($"军休服务平台已启动 / Platform started: {string.Join(", ", app.Urls)}");
    Console.WriteLine($"  公开站点 Public site: {address}/r/511000/   管理后台 Admin: {address}/admin");
    if (loadDemo)
    {
        Console.WriteLine("  演示账号 Demo logins (password 密码 Junxiu#2026):");
        Console.WriteLine("    admin（平台管理员）, sichuan（四川省厅）, zhejiang（浙江省厅）— 二次验证密钥 TOTP key JBSWY3DPEHPK3PXP");
        Console.WriteLine("    neijiang-liaison（内江市联络员）, hangzhou-liaison（杭州市联络员）, provider-a（甲服务商）, sanatorium-desk（疗养院前台）, veteran-demo（军休干部本人）");
        Console.WriteLine("  演示接入系统 Demo OAuth client: demo-provider-a-system / demo-provider-a-secret (client credentials, scopes regions.read providers.read providers.write)");
        Console.WriteLine("  疗养院接入系统 Demo sanatorium client: demo-sanatorium-system / demo-sanatorium-secret (scopes sanatoriums.read sanatoriums.manage)");
    }
});

await app.RunAsync();

/// <summary>Entry point type, public for the test host.</summary>
public partial class Program;
