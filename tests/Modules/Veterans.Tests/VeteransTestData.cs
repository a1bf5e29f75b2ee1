using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Modules.Veterans.Data;
using Platform.Testing;

namespace Platform.Veterans.Tests;

/// <summary>Builders and look-ups for the veterans tests, against the real host's database.</summary>
public static class VeteransTestData
{
    public static ClaimsPrincipal Person(string name, params GrantClaim[] grants) =>
        new(new ClaimsIdentity([new Claim("name", name), .. grants.Select(g => new Claim(GrantClaim.ClaimType, g.Format()))], "test", "name", "role"));

    public static readonly ClaimsPrincipal Sichuan = Person("sichuan", new GrantClaim(PlatformRoles.BureauAdmin, "510000", null));

    public static async Task<T> InScopeAsync<T>(this PlatformFactory host, Func<IServiceProvider, Task<T>> work)
    {
        using var scope = host.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    public static Task<T> DbAsync<T>(this PlatformFactory host, Func<VeteransDbContext, Task<T>> work) =>
        host.InScopeAsync(sp => work(sp.GetRequiredService<VeteransDbContext>()));

    /// <summary>Id of a demo veteran living under <paramref name="regionPrefix"/> (e.g. "5110" Neijiang, "3301" Hangzhou).</summary>
    public static Task<long> DemoVeteranAsync(this PlatformFactory host, string regionPrefix) =>
        host.DbAsync(db => db.Veterans.Where(v => v.RegionCode.StartsWith(regionPrefix) && v.DeceasedDate == null).OrderBy(v => v.Id).Select(v => v.Id).FirstAsync());

    public static Task<List<AccessEntry>> AccessLogAsync(this PlatformFactory host, long veteranId) =>
        host.DbAsync(db => db.AccessLog.Where(a => a.VeteranId == veteranId).OrderBy(a => a.Id).ToListAsync());

    /// <summary>Posts a form with repeated fields (check boxes) and the antiforgery token of the same page.</summary>
    public static async Task<HttpResponseMessage> PostManyAsync(this HttpClient client, string page, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var html = await client.GetStringAsync(page);
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        using var content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", System.Net.WebUtility.HtmlDecode(token.Groups[1].Value))));
        return await client.PostAsync(page, content);
    }

    public static async Task<HttpClient> ApiClientAsync(this PlatformFactory host, string user, string scopes)
    {
        var client = host.CreateBrowser();
        var token = await client.GetUserTokenAsync(user, scope: "openid " + scopes);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }
}
