using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Access;
using Platform.Core.Data;
using Platform.Core.Media;
using Platform.Modules.OralHistory.Features.Consent;
using Platform.Modules.OralHistory.Features.Demo;
using Platform.Modules.OralHistory.Features.Stories;
using Platform.Modules.OralHistory.Features.Transcripts;
using Platform.Testing;

namespace Platform.OralHistory.Tests;

/// <summary>
/// A demo host of its own with a manual clock and the background jobs off (tests fire timers themselves), people
/// of Neijiang and Zhejiang, and builders for stories with real uploads.
/// </summary>
public abstract class OralHistoryTestBase : IDisposable
{
    /// <summary>
    /// A Wednesday, 08:00 UTC (16:00 in Beijing), in the coming week or two: after the host's token certificates,
    /// which are made with the real time at start and checked against this clock on every request.
    /// </summary>
    protected static DateTime Start { get; } = FirstWednesdayAfter(DateTime.UtcNow.AddDays(1));

    protected ManualClock Clock { get; } = new(new DateTimeOffset(Start, TimeSpan.Zero));

    private static DateTime FirstWednesdayAfter(DateTime utc)
    {
        var day = utc.Date.AddDays(((int)DayOfWeek.Wednesday - (int)utc.DayOfWeek + 7) % 7);
        return DateTime.SpecifyKind(day.AddHours(8), DateTimeKind.Utc);
    }
    protected PlatformFactory Host { get; }

    protected OralHistoryTestBase(DatabaseKind kind) =>
        Host = new PlatformFactory(kind,
            settings: new Dictionary<string, string> { ["Platform:Jobs:Enabled"] = "false" },
            services: s => s.AddSingleton<TimeProvider>(Clock));

    protected static ClaimsPrincipal Person(string name, params GrantClaim[] grants) => new(new ClaimsIdentity(
        [new Claim("name", name), .. grants.Select(g => new Claim(GrantClaim.ClaimType, g.Format()))], "test", "name", "role"));

    protected static readonly ClaimsPrincipal Liaison = Person("neijiang-liaison", new GrantClaim(PlatformRoles.LiaisonOfficer, "511000", null));
    protected static readonly ClaimsPrincipal Sichuan = Person("sichuan", new GrantClaim(PlatformRoles.BureauAdmin, "510000", null));
    protected static readonly ClaimsPrincipal Zhejiang = Person("zhejiang", new GrantClaim(PlatformRoles.BureauAdmin, "330000", null));

    protected async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = Host.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    protected Task InScopeAsync(Func<IServiceProvider, Task> work) => InScopeAsync(async sp =>
    {
        await work(sp);
        return 0;
    });

    /// <summary>A draft story in <paramref name="region"/> with optional photo and recording (real uploads).</summary>
    protected Task<EditableStory> DraftAsync(string title, string region = "511002", bool photo = false, bool audio = false, string veteran = "test-vet-1", string? extraText = null, ClaimsPrincipal? by = null) =>
        InScopeAsync(async sp =>
        {
            var media = sp.GetRequiredService<IMediaStore>();
            var photos = new List<StoryPhoto>();
            if (photo)
                photos.Add(new StoryPhoto((await media.SaveAsync(new MemoryStream(DemoMedia.Photo(7)), "合影.jpg", MediaPolicy.Images, "OralHistory", region, "test")).Id, "1952 年合影"));
            var audioId = audio ? (await media.SaveAsync(new MemoryStream(DemoMedia.Recording(12)), "讲述.wav", MediaPolicy.Audio, "OralHistory", region, "test")).Id : null;
            var transcript = TranscriptParser.Parse($"[00:00:00] 开头{extraText}\n标题：参军\n[00:00:04] 中段\n[00:00:08] 结尾").Transcript;
            var story = new Story("", region, title, veteran, "测试老兵", ["采访人甲"], "2026-10-01", "内江", ["抗美援朝"], 1951, $"{title}的提要。{extraText}", transcript,
                photos, audioId, null, null, DateTime.UnixEpoch);
            return await sp.GetRequiredService<StoryService>().CreateAsync(by ?? Liaison, region, story);
        });

    protected Task<Platform.Core.Workflows.WorkflowInstanceInfo> FireAsync(string storyId, string transition, ClaimsPrincipal who) => InScopeAsync(async sp =>
    {
        var stories = sp.GetRequiredService<StoryService>();
        var current = await stories.GetForEditAsync(who, storyId);
        return await stories.FireAsync(who, storyId, transition, current.Workflow!.Revision, null);
    });

    protected Task ConsentAsync(string storyId, bool photos, bool audioVideo) => InScopeAsync(sp =>
        sp.GetRequiredService<ConsentService>().RecordAsync(Liaison, storyId, new ConsentInput(new DateOnly(2026, 11, 1), photos, audioVideo, null)));

    /// <summary>Draft → consent → review → approved → published, as people would do it.</summary>
    protected async Task<EditableStory> PublishedAsync(string title, string region = "511002", bool photo = false, bool audio = false, string? extraText = null)
    {
        var story = await DraftAsync(title, region, photo, audio, extraText: extraText);
        await ConsentAsync(story.Item.Id, photo, audio);
        await FireAsync(story.Item.Id, "submit", Liaison);
        await FireAsync(story.Item.Id, "approve", Sichuan);
        await FireAsync(story.Item.Id, "publish", Sichuan);
        return story;
    }

    public void Dispose()
    {
        Host.Dispose();
        GC.SuppressFinalize(this);
    }
}
