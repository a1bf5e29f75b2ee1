using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Cms.Identity;
using Platform.Cms.Workflows;
using Platform.Core.Modules;
using Platform.Core.Workflows;

namespace Platform.Cms.Notifications;

/// <summary>What a transition's outbox message carries: the instance as it was when the state was entered, and who moved it.</summary>
public sealed record OutboxData(int Revision, string? Transition, string? TransitionZh, string State, string StateZh, string Actor, string? Comment)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(OutboxData data) => JsonSerializer.Serialize(data, Json);

    public static OutboxData Deserialize(string json) => JsonSerializer.Deserialize<OutboxData>(json, Json) ?? throw new JsonException("Empty outbox data.");
}

/// <summary>Wakes the background dispatcher when a transaction has left notifications to send.</summary>
public sealed class OutboxSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Pulse() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for a pulse or <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // the tick
        }
    }
}

/// <summary>What one run of the dispatcher did.</summary>
public sealed record DispatchResult(int Processed, int Failed, int MailSent, int MailFailed);

/// <summary>
/// Delivers what transitions left in the outbox. A notification goes to each recipient's in-app inbox (always) and,
/// when SMTP is configured and the person has an address, into the mail queue; an event goes to every
/// <see cref="IWorkflowEventSubscriber"/>. Each message and mail is claimed by one node with a conditional update,
/// and anything that fails stays with its error and is tried again after a growing pause (30 s doubling to an hour),
/// so nothing is lost while a mail server is down; the admin lists what is waiting and why.
/// </summary>
public sealed class OutboxDispatcher(
    CoreDbContext db, NotificationRecipients recipients, WorkflowResolver resolver, ModuleCatalog modules, NotificationTemplates templates,
    IEnumerable<IWorkflowEventSubscriber> subscribers, IMailSender mail, OutboxSignal signal, IConfiguration config, TimeProvider clock,
    ILogger<OutboxDispatcher> logger)
{
    private static readonly TimeSpan AbandonedClaim = TimeSpan.FromMinutes(5);

    /// <summary>Pause before attempt <paramref name="attempts"/> + 1.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempts - 1))));

    /// <summary>
    /// After a transition committed: events go to their subscribers at once (the outbox keeps them if this
    /// fails or the process dies), notifications wake the background dispatcher.
    /// </summary>
    public async Task AfterCommitAsync(IReadOnlyList<OutboxMessage> work, CancellationToken ct)
    {
        if (work.Any(m => m.Kind == "notify")) signal.Pulse();
        foreach (var message in work.Where(m => m.Kind == "event"))
            await ProcessAsync(message.Id, "inline", ct);
    }

    /// <summary>Delivers every message and mail that is due.</summary>
    public async Task<DispatchResult> RunDueAsync(string node, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var abandoned = now - AbandonedClaim;
        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.ProcessedAt == null && m.NextAttemptAt <= now && (m.ClaimedBy == null || m.ClaimedAt < abandoned))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(200).ToListAsync(ct);
        int processed = 0, failed = 0;
        foreach (var id in due)
        {
            switch (await ProcessAsync(id, node, ct))
            {
                case true: processed++; break;
                case false: failed++; break;
            }
        }
        var (sent, mailFailed) = await SendMailAsync(node, ct);
        return new DispatchResult(processed, failed, sent, mailFailed);
    }

    /// <summary>Claims and handles one message: true when done, false when it failed (kept for later), null when another node has it.</summary>
    private async Task<bool?> ProcessAsync(long id, string node, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var abandoned = now - AbandonedClaim;
        // Due again is checked here too: a runner that listed the message before another attempt failed it must not try
        // it again at once (the backoff holds; the delivery page test caught a second attempt inside the first's second).
        var claimed = await db.Outbox
            .Where(m => m.Id == id && m.ProcessedAt == null && m.NextAttemptAt <= now && (m.ClaimedBy == null || m.ClaimedAt < abandoned))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, node).SetProperty(m => m.ClaimedAt, now), ct);
        if (claimed == 0) return null;
        db.ChangeTracker.Clear();
        var message = await db.Outbox.FirstAsync(m => m.Id == id, ct);
        try
        {
            // Subscribers write to their own module's tables through their own connections: an event is delivered
            // before this context takes the write lock (on SQLite, BEGIN IMMEDIATE would make them wait for it).
            // An event is then marked delivered by a single update (no transaction to keep it atomic with).
            if (message.Kind == "event") await DeliverEventAsync(message, ct);
            await using var transaction = message.Kind == "event" ? null : await db.Database.BeginTransactionAsync(ct);
            if (message.Kind != "event") await DeliverNotificationAsync(message, ct);
            message.ProcessedAt = clock.GetUtcNow().UtcDateTime;
            message.Attempts++;
            message.LastError = null;
            message.ClaimedBy = null;
            await db.SaveChangesAsync(ct);
            if (transaction is not null) await transaction.CommitAsync(ct);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Outbox message {Id} ({Kind} {Name}) failed; it will be tried again", message.Id, message.Kind, message.Name);
            db.ChangeTracker.Clear();
            var attempts = message.Attempts + 1;
            var error = Truncate(ex is Core.PlatformException p ? p.MessageZh : ex.GetBaseException().Message);
            await db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts).SetProperty(m => m.LastError, error)
                .SetProperty(m => m.NextAttemptAt, now + Backoff(attempts)).SetProperty(m => m.ClaimedBy, (string?)null), CancellationToken.None);
            return false;
        }
    }

    private async Task DeliverEventAsync(OutboxMessage message, CancellationToken ct)
    {
        var instance = await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == message.InstanceId, ct);
        if (instance is null) return; // removed by retention; nothing left to tell
        var data = OutboxData.Deserialize(message.Data);
        var info = WorkflowEngine.Info(instance) with { State = data.State, Revision = data.Revision };
        foreach (var subscriber in subscribers)
            await subscriber.HandleAsync(new WorkflowEvent(message.Name, info, message.Id), ct);
    }

    private async Task DeliverNotificationAsync(OutboxMessage message, CancellationToken ct)
    {
        var instance = await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == message.InstanceId, ct);
        if (instance is null) return;
        var data = OutboxData.Deserialize(message.Data);
        var definition = await resolver.ForInstanceAsync(instance, ct);
        var people = await recipients.ResolveAsync(instance, definition, data, message.Recipient ?? "reviewers", ct);
        var template = await templates.EffectiveAsync(message.ModuleId, message.Name, message.RegionCode, ct)
            ?? throw new InvalidOperationException($"Notification template {message.ModuleId}/{message.Name} is missing.");
        var regionName = (await recipients.RegionNameAsync(message.RegionCode, ct)) ?? message.RegionCode;
        var moduleName = modules.Find(message.ModuleId)?.Manifest.NameZh ?? message.ModuleId;
        var link = $"/admin/workflows/{instance.Id}";
        var absolute = PublicUrls.Authority(config) + link;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var person in people)
        {
            var model = NotificationTemplates.Model(message.RegionCode, regionName, moduleName, instance.Id, instance.EntityId, data.StateZh,
                data.TransitionZh, data.Actor, data.Comment, message.CreatedAt, person.DisplayName, absolute);
            RenderedNotification rendered;
            try
            {
                rendered = NotificationTemplates.Render(template, model);
            }
            catch (Core.PlatformException ex) when (template.RegionCode is not null)
            {
                // A region's wording that no longer renders must not stop the notice: the module's default goes instead.
                logger.LogError("Notification template {Module}/{Name} of {Region} fails ({Error}); the default wording is used", message.ModuleId, message.Name, template.RegionCode, ex.MessageZh);
                rendered = NotificationTemplates.Render(templates.Default(message.ModuleId, message.Name)!, model);
            }
            db.Inbox.Add(new InboxItem { UserId = person.UserId, OutboxId = message.Id, Subject = rendered.Subject, Body = rendered.Body, Link = link, CreatedAt = now });
            if (mail.Configured && !string.IsNullOrWhiteSpace(person.Email))
            {
                db.MailQueue.Add(new MailDelivery
                {
                    OutboxId = message.Id, UserId = person.UserId, Address = person.Email, Subject = rendered.Subject, Body = rendered.Body,
                    CreatedAt = now, NextAttemptAt = now,
                });
            }
        }
        if (people.Count == 0) logger.LogWarning("Notification {Id} ({Name}) of instance {Instance} found nobody to tell", message.Id, message.Name, instance.Id);
    }

    private async Task<(int Sent, int Failed)> SendMailAsync(string node, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var abandoned = now - AbandonedClaim;
        var due = await db.MailQueue.AsNoTracking()
            .Where(m => m.SentAt == null && m.CancelledAt == null && m.NextAttemptAt <= now && (m.ClaimedBy == null || m.ClaimedAt < abandoned))
            .OrderBy(m => m.Id).Take(100).ToListAsync(ct);
        int sent = 0, failed = 0;
        foreach (var item in due)
        {
            var claimed = await db.MailQueue
                .Where(m => m.Id == item.Id && m.SentAt == null && m.CancelledAt == null && (m.ClaimedBy == null || m.ClaimedAt < abandoned))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, node).SetProperty(m => m.ClaimedAt, now), ct);
            if (claimed == 0) continue;
            var error = await mail.DeliverAsync(item.Address, item.Subject, item.Body, ct);
            var attempts = item.Attempts + 1;
            var at = clock.GetUtcNow().UtcDateTime;
            if (error is null)
            {
                sent++;
                await db.MailQueue.Where(m => m.Id == item.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.SentAt, at).SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.LastError, (string?)null).SetProperty(m => m.ClaimedBy, (string?)null), CancellationToken.None);
            }
            else
            {
                failed++;
                var reason = Truncate(error);
                await db.MailQueue.Where(m => m.Id == item.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Attempts, attempts).SetProperty(m => m.LastError, reason)
                    .SetProperty(m => m.NextAttemptAt, at + Backoff(attempts)).SetProperty(m => m.ClaimedBy, (string?)null), CancellationToken.None);
            }
        }
        return (sent, failed);
    }

    private static string Truncate(string text) => text.Length <= 1900 ? text : text[..1900] + "…";
}
