using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bench.Generate;

/// <summary>The yardstick: bare Kestrel answering <c>GET /bytes/{n}</c> with n bytes of HTML, the same size as the page it stands beside.</summary>
public static class Bare
{
    public static async Task RunAsync(string urls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(urls);
        var app = builder.Build();
        var bodies = new ConcurrentDictionary<int, byte[]>();
        app.MapGet("/bytes/{n:int}", (int n) => Results.Bytes(bodies.GetOrAdd(Math.Clamp(n, 0, 4_000_000), size => Body(size)), "text/html; charset=utf-8"));
        app.MapGet("/health", () => Results.Text("ok"));
        await app.RunAsync();
    }

    private static byte[] Body(int size)
    {
        var body = new byte[size];
        Array.Fill(body, (byte)'a');
        return body;
    }
}
