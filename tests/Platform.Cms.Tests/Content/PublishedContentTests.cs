using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Cms.Tests.Workflows;
using Platform.Core.Content;
using Platform.Core.Workflows;

namespace Platform.Cms.Tests.Content;

/// <summary>
/// <see cref="IPublishedContent"/>: the raw-JSON read gives the published version's stored JSON and the same item as the
/// parsed read, on both databases; nothing before publication, and the published version (not a newer draft) after.
/// </summary>
public abstract class PublishedContentTests<THost>(THost host) : IClassFixture<THost> where THost : QuietHost
{
    private static readonly ClaimsPrincipal Liaison = WorkflowPathTests.Liaison;
    private static readonly ClaimsPrincipal Sichuan = WorkflowPathTests.Sichuan;

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = host.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    private Task<WorkflowInstanceInfo> FireAsync(ContentItem item, ClaimsPrincipal who, string transition) => InScopeAsync(async sp =>
    {
        var engine = sp.GetRequiredService<IWorkflowEngine>();
        var instance = await engine.FindAsync(item.WorkflowInstanceId!.Value);
        return await engine.FireAsync(instance!.Id, transition, who, instance.Revision);
    });

    /// <summary>Text that JSON escapes or encodes in several bytes: quotes, a backslash, a tag, Chinese and an emoji.</summary>
    private static JsonObject Fields(string title) => new()
    {
        ["title"] = title,
        ["body"] = "<p>\"长津湖\" \\ 零下四十度 🎖️</p>",
        ["summary"] = "一九五〇年冬，\n第二段。",
        ["tags"] = new JsonArray("抗美援朝", "军休生活"),
        ["date"] = "1950-11-27",
    };

    [Fact]
    public async Task The_raw_json_read_gives_the_published_version_as_the_parsed_read_does()
    {
        var published = host.Services.GetRequiredService<IPublishedContent>();
        var item = await InScopeAsync(sp => sp.GetRequiredService<IContentStore>().CreateAsync(Liaison, "Alpha", "story", "511002", Fields("第一版")));
        Assert.Null(await published.FindJsonAsync(item.Id));
        await FireAsync(item, Liaison, "submit");
        await FireAsync(item, Sichuan, "publish");
        var draft = await InScopeAsync(sp => sp.GetRequiredService<IContentStore>().SaveAsync(Liaison, item.Id, Fields("第二版（草稿）"), item.Revision));
        Assert.Equal(2, draft.LatestVersion);

        var raw = await published.FindJsonAsync(item.Id);
        var parsed = await published.FindAsync(item.Id);
        Assert.NotNull(raw);
        Assert.NotNull(parsed);
        Assert.Equal((1, 2), (raw.Version, raw.LatestVersion));
        var stored = await InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().ContentVersions
            .Where(v => v.ItemId == item.Id && v.Version == 1).Select(v => v.Json).SingleAsync());
        Assert.Equal(Encoding.UTF8.GetBytes(stored), raw.Fields.ToArray()); // the stored text, as UTF-8
        Assert.Contains("第一版", stored, StringComparison.Ordinal); // Chinese is stored as itself, not as \uXXXX escapes
        Assert.DoesNotContain("<", stored, StringComparison.Ordinal); // HTML-sensitive characters stay escaped
        var fromRaw = raw.ToItem();
        Assert.True(JsonNode.DeepEquals(parsed.Fields, fromRaw.Fields));
        Assert.Equal("第一版", (string?)fromRaw.Fields["title"]);
        Assert.Equal("一九五〇年冬，\n第二段。", (string?)fromRaw.Fields["summary"]);
        Assert.Equal(parsed, fromRaw with { Fields = parsed.Fields });
        Assert.NotNull(fromRaw.PublishedAt);
        Assert.Equal(DateTimeKind.Utc, fromRaw.UpdatedAt.Kind);

        await FireAsync(item, Sichuan, "unpublish");
        Assert.Null(await published.FindJsonAsync(item.Id));
        Assert.Null(await published.FindJsonAsync("no-such-item"));
    }
}

public sealed class PublishedContentTests_Sqlite(QuietSqliteHost host) : PublishedContentTests<QuietSqliteHost>(host);

public sealed class PublishedContentTests_Postgres(QuietPostgresHost host) : PublishedContentTests<QuietPostgresHost>(host);
