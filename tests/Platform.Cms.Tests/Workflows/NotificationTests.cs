using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cms.Data;
using Platform.Cms.Identity;
using Platform.Cms.Notifications;
using Platform.Cms.Tests.Identity;
using Platform.Core;
using Platform.Core.Data;
using Platform.Core.Workflows;
using Platform.Testing;
using Platform.TestModules.Alpha;

namespace Platform.Cms.Tests.Workflows;

/// <summary>
/// Notifications and events leave with the transition through the outbox: the reviewers in scope get an in-app
/// notice worded by their region's template, mail waits and retries while the SMTP server is down (the admin sees
/// why) and goes out once when it is back, and an event whose subscriber fails is delivered later, not lost.
/// </summary>
public abstract class NotificationTests : IDisposable
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
    private readonly int _smtpPort = ClosedPort();
    private readonly PlatformFactory _host;

    protected NotificationTests(DatabaseKind kind) =>
        _host = new PlatformFactory(kind,
            settings: new Dictionary<string, string>
            {
                ["Platform:Jobs:Enabled"] = "false",
                // The modules' own demo processes would add their notices to these counts.
                ["Platform:ModuleDemoData"] = "false",
                ["Platform:Smtp:Host"] = "127.0.0.1",
                ["Platform:Smtp:Port"] = _smtpPort.ToString(CultureInfo.InvariantCulture),
                ["Platform:Smtp:TimeoutSeconds"] = "5",
            },
            services: s => s.AddSingleton<TimeProvider>(_clock));

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = _host.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    private Task<DispatchResult> DispatchAsync() => InScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().RunDueAsync("node"));

    private async Task<WorkflowInstanceInfo> SubmitAsync(string entity, string region = "511002")
    {
        var started = await InScopeAsync(sp => sp.GetRequiredService<IWorkflowEngine>().StartAsync("Alpha", "note-review", entity, region, "neijiang-liaison"));
        var submitter = region.StartsWith("33", StringComparison.Ordinal) ? WorkflowPathTests.Zhejiang : WorkflowPathTests.Liaison;
        return await InScopeAsync(sp => sp.GetRequiredService<IWorkflowEngine>().FireAsync(started.Id, "submit", submitter, 1, "请审核"));
    }

    private Task<string> UserIdAsync(string name, string? email = null) => InScopeAsync(async sp =>
    {
        var users = sp.GetRequiredService<UserManager<PlatformUser>>();
        var user = (await users.FindByNameAsync(name))!;
        if (email is not null) await users.SetEmailAsync(user, email);
        return user.Id;
    });

    private Task<List<InboxItem>> InboxAsync(string userId) =>
        InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().Inbox.AsNoTracking().Where(i => i.UserId == userId).OrderBy(i => i.Id).ToListAsync());

    [Fact]
    public async Task The_outbox_row_is_written_with_the_transition_and_the_reviewers_in_scope_get_the_notice()
    {
        var sichuan = await UserIdAsync("sichuan");
        var zhejiang = await UserIdAsync("zhejiang");
        var liaison = await UserIdAsync("neijiang-liaison");
        var note = await SubmitAsync("notify-1");
        var pending = await InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().Outbox.AsNoTracking()
            .Where(m => m.InstanceId == note.Id).Select(m => new { m.Kind, m.Name, m.ProcessedAt }).ToListAsync());
        Assert.Equal(("notify", "note-submitted", (DateTime?)null), (pending.Single().Kind, pending.Single().Name, pending.Single().ProcessedAt));

        Assert.Equal(1, (await DispatchAsync()).Processed);
        var notice = Assert.Single(await InboxAsync(sichuan));
        Assert.Equal("【待审核】市中区的笔记 notify-1 等待您审核", notice.Subject);
        Assert.Contains("neijiang-liaison于2026-11-2516:00将市中区的笔记notify-1提交审核，留言：“请审核”", notice.Body.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal($"/admin/workflows/{note.Id}", notice.Link);
        Assert.Empty(await InboxAsync(zhejiang)); // another province's bureau
        Assert.Empty(await InboxAsync(liaison)); // the person who acted

        // A second run finds nothing more to do: one notice per reviewer, never two.
        Assert.Equal(0, (await DispatchAsync()).Processed);
        Assert.Single(await InboxAsync(sichuan));
    }

    [Fact]
    public async Task A_regions_own_wording_applies_to_its_subtree_after_a_preview_check()
    {
        var templates = (Func<IServiceProvider, NotificationTemplates>)(sp => sp.GetRequiredService<NotificationTemplates>());
        var broken = await Assert.ThrowsAsync<PlatformException>(() => InScopeAsync(async sp =>
        {
            await templates(sp).SaveAsync(WorkflowPathTests.Sichuan, "Alpha", "note-submitted", "510000", "请审核 {{ if instance }}", "正文");
            return 0;
        }));
        Assert.Contains("标题第 1 行有误", broken.MessageZh, StringComparison.Ordinal);
        Assert.Equal(404, (await Assert.ThrowsAsync<PlatformException>(() => InScopeAsync(async sp =>
        {
            await templates(sp).SaveAsync(WorkflowPathTests.Zhejiang, "Alpha", "note-submitted", "510000", "x", "y");
            return 0;
        }))).Status);

        await InScopeAsync(async sp =>
        {
            await templates(sp).SaveAsync(WorkflowPathTests.Sichuan, "Alpha", "note-submitted", "510000", "四川：{{ region.name }}有笔记待审（{{ instance.entity_id }}）", "{{ recipient.name }}：请处理。");
            return 0;
        });
        var sichuan = await UserIdAsync("sichuan");
        await SubmitAsync("wording-1");
        await DispatchAsync();
        Assert.Equal("四川：市中区有笔记待审（wording-1）", Assert.Single(await InboxAsync(sichuan)).Subject);

        // Zhejiang keeps the module's wording (its bureau submitted, so the platform administrators are told).
        var admin = await UserIdAsync("admin");
        await SubmitAsync("wording-2", "330102");
        await DispatchAsync();
        Assert.StartsWith("【待审核】", Assert.Single(await InboxAsync(admin)).Subject, StringComparison.Ordinal);
        Assert.Equal(1, await InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().Audit.CountAsync(a => a.Action == "notification.template")));
    }

    [Fact]
    public async Task Mail_waits_and_retries_while_the_server_is_down_and_goes_out_once_when_it_is_back()
    {
        var sichuan = await UserIdAsync("sichuan", "sichuan-bureau@junxiu.example");
        await SubmitAsync("mail-1");
        var first = await DispatchAsync();
        Assert.Equal((1, 0, 1), (first.Processed, first.MailSent, first.MailFailed));
        Assert.Single(await InboxAsync(sichuan)); // the in-app notice does not wait for mail

        var waiting = Assert.Single(await InScopeAsync(sp => sp.GetRequiredService<NotificationAdmin>().PendingAsync(WorkflowPathTests.Sichuan)), p => p.Kind == "mail");
        Assert.Equal((1, "sichuan-bureau@junxiu.example"), (waiting.Attempts, waiting.To));
        Assert.Contains($"127.0.0.1:{_smtpPort}", waiting.LastError, StringComparison.Ordinal);
        Assert.Empty(await InScopeAsync(sp => sp.GetRequiredService<NotificationAdmin>().PendingAsync(WorkflowPathTests.Zhejiang)));

        // Not due again before its pause; due after it, and still failing.
        Assert.Equal(0, (await DispatchAsync()).MailFailed);
        _clock.Advance(OutboxDispatcher.Backoff(1));
        Assert.Equal(1, (await DispatchAsync()).MailFailed);

        using var smtp = new SmtpCapture(_smtpPort); // the server is back
        _clock.Advance(OutboxDispatcher.Backoff(2));
        Assert.Equal(1, (await DispatchAsync()).MailSent);
        var mail = await smtp.NextForAsync("sichuan-bureau@junxiu.example");
        Assert.Equal("【待审核】市中区的笔记 mail-1 等待您审核", mail.Subject);
        var row = await InScopeAsync(sp => sp.GetRequiredService<CoreDbContext>().MailQueue.AsNoTracking().SingleAsync());
        Assert.Equal((3, (string?)null), (row.Attempts, row.LastError));
        Assert.NotNull(row.SentAt);

        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, (await DispatchAsync()).MailSent); // sent once
        Assert.Empty(await InScopeAsync(sp => sp.GetRequiredService<NotificationAdmin>().PendingAsync(WorkflowPathTests.Sichuan)));
    }

    [Fact]
    public async Task An_event_whose_subscriber_fails_stays_in_the_outbox_and_arrives_later_once()
    {
        var entity = "event-" + Guid.NewGuid().ToString("N");
        NoteApprovedRecorder.FailuresLeft[entity] = 1;
        var submitted = await SubmitAsync(entity);
        var approved = await InScopeAsync(sp => sp.GetRequiredService<IWorkflowEngine>().FireAsync(submitted.Id, "approve", WorkflowPathTests.Sichuan, submitted.Revision));
        Assert.Equal("approved", approved.State); // the transition stands although the subscriber failed
        Assert.DoesNotContain(NoteApprovedRecorder.Received, e => e.Instance.EntityId == entity);
        var waiting = Assert.Single(await InScopeAsync(sp => sp.GetRequiredService<NotificationAdmin>().PendingAsync(WorkflowPathTests.Sichuan)), p => p.Kind == "event");
        Assert.Contains("subscriber unavailable", waiting.LastError, StringComparison.Ordinal);

        _clock.Advance(OutboxDispatcher.Backoff(1));
        await DispatchAsync();
        var delivered = Assert.Single(NoteApprovedRecorder.Received, e => e.Instance.EntityId == entity);
        Assert.Equal(("NoteApproved", "approved", waiting.Id), (delivered.Name, delivered.Instance.State, delivered.DeliveryId));
        await DispatchAsync();
        Assert.Single(NoteApprovedRecorder.Received, e => e.Instance.EntityId == entity);

        // The starter is told of the decision too.
        var liaison = await UserIdAsync("neijiang-liaison");
        Assert.Contains(await InboxAsync(liaison), i => i.Subject == $"您提交的笔记 {entity}：已通过");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        _host.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class NotificationTests_Sqlite() : NotificationTests(DatabaseKind.Sqlite);

public sealed class NotificationTests_Postgres() : NotificationTests(DatabaseKind.Postgres);
