using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Cms.Data;
using Platform.Core;
using Platform.Core.Access;

namespace Platform.Cms.Notifications;

/// <summary>A message or mail that has not gone out yet, with why.</summary>
public sealed record PendingDelivery(string Kind, long Id, string RegionCode, string What, string? To, int Attempts, DateTime NextAttemptAt, string? LastError, DateTime CreatedAt);

/// <summary>
/// The admin's side of notifications: each person's inbox, and for administrators what is still waiting to go out
/// (in their scope) with the last error, to retry at once or to cancel (a mail only; audited).
/// </summary>
public sealed class NotificationAdmin(CoreDbContext db, IAccessScope access, OutboxSignal signal, TimeProvider clock)
{
    /// <summary>The person's inbox, unread first, newest first (at most 200).</summary>
    public async Task<IReadOnlyList<InboxItem>> InboxAsync(string userId, CancellationToken ct = default) =>
        await db.Inbox.AsNoTracking().Where(i => i.UserId == userId)
            .OrderBy(i => i.ReadAt != null).ThenByDescending(i => i.Id).Take(200).ToListAsync(ct);

    /// <summary>How many unread notifications the person has.</summary>
    public Task<int> UnreadAsync(string userId, CancellationToken ct = default) =>
        db.Inbox.CountAsync(i => i.UserId == userId && i.ReadAt == null, ct);

    /// <summary>Marks one (or, with null, all) of the person's notifications read.</summary>
    public async Task MarkReadAsync(string userId, long? id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Inbox.Where(i => i.UserId == userId && i.ReadAt == null && (id == null || i.Id == id))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ReadAt, now), ct);
    }

    /// <summary>Messages and mails not yet delivered, in the caller's scope (oldest first, at most 500).</summary>
    public async Task<IReadOnlyList<PendingDelivery>> PendingAsync(ClaimsPrincipal caller, CancellationToken ct = default)
    {
        var visible = await access.VisibleRegionsAsync(caller, ct);
        var messages = db.Outbox.AsNoTracking().Where(m => m.ProcessedAt == null);
        if (visible is not null) messages = messages.Where(m => visible.Contains(m.RegionCode));
        var mails = from m in db.MailQueue.AsNoTracking()
                    join o in db.Outbox.AsNoTracking() on m.OutboxId equals o.Id
                    where m.SentAt == null && m.CancelledAt == null
                    select new { Mail = m, o.RegionCode };
        if (visible is not null) mails = mails.Where(x => visible.Contains(x.RegionCode));
        var list = new List<PendingDelivery>();
        list.AddRange(await messages.OrderBy(m => m.Id).Take(500)
            .Select(m => new PendingDelivery(m.Kind, m.Id, m.RegionCode, m.ModuleId + " · " + m.Name, m.Recipient, m.Attempts, m.NextAttemptAt, m.LastError, m.CreatedAt))
            .ToListAsync(ct));
        list.AddRange(await mails.OrderBy(x => x.Mail.Id).Take(500)
            .Select(x => new PendingDelivery("mail", x.Mail.Id, x.RegionCode, x.Mail.Subject, x.Mail.Address, x.Mail.Attempts, x.Mail.NextAttemptAt, x.Mail.LastError, x.Mail.CreatedAt))
            .ToListAsync(ct));
        return list.OrderBy(p => p.CreatedAt).ToList();
    }

    /// <summary>Tries a waiting message or mail again at once.</summary>
    public async Task RetryNowAsync(ClaimsPrincipal caller, string kind, long id, CancellationToken ct = default)
    {
        var region = await RegionOfAsync(kind, id, ct);
        await EnsureAdminAsync(caller, region, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = kind == "mail"
            ? await db.MailQueue.Where(m => m.Id == id && m.SentAt == null && m.CancelledAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, now), ct)
            : await db.Outbox.Where(m => m.Id == id && m.ProcessedAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, now), ct);
        if (changed == 0) throw PlatformException.Conflict("该消息已送出或已取消。", "It has already gone out or been cancelled.");
        db.AddAudit("notification.retry", caller.Identity?.Name ?? "anonymous", region, null, null, $"{kind}#{id}");
        await db.SaveChangesAsync(ct);
        signal.Pulse();
    }

    /// <summary>Gives up on a mail (e.g. a wrong address); the notice stays in the person's inbox. Audited.</summary>
    public async Task CancelMailAsync(ClaimsPrincipal caller, long id, CancellationToken ct = default)
    {
        var region = await RegionOfAsync("mail", id, ct);
        await EnsureAdminAsync(caller, region, ct);
        var actor = caller.Identity?.Name ?? "anonymous";
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.MailQueue.Where(m => m.Id == id && m.SentAt == null && m.CancelledAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.CancelledAt, now).SetProperty(m => m.CancelledBy, actor), ct);
        if (changed == 0) throw PlatformException.Conflict("该邮件已送出或已取消。", "The mail has already gone out or been cancelled.");
        db.AddAudit("notification.cancel", actor, region, null, null, $"mail#{id}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Background jobs' last runs.</summary>
    public async Task<IReadOnlyList<JobRun>> JobRunsAsync(CancellationToken ct = default) =>
        await db.JobRuns.AsNoTracking().OrderBy(j => j.Name).ToListAsync(ct);

    private async Task<string> RegionOfAsync(string kind, long id, CancellationToken ct)
    {
        var region = kind == "mail"
            ? await (from m in db.MailQueue join o in db.Outbox on m.OutboxId equals o.Id where m.Id == id select o.RegionCode).FirstOrDefaultAsync(ct)
            : await db.Outbox.Where(m => m.Id == id).Select(m => m.RegionCode).FirstOrDefaultAsync(ct);
        return region ?? throw PlatformException.NotFound("未找到该消息。", "No such message.");
    }

    private async Task EnsureAdminAsync(ClaimsPrincipal caller, string region, CancellationToken ct)
    {
        await access.EnsureAsync(caller, region, write: true, ct);
        if (!GrantClaim.IsPlatformAdmin(caller) && !await access.HoldsRoleOverAsync(caller, [PlatformRoles.BureauAdmin], region, ct))
            throw new PlatformException(403, "只有管理员可以处理待发消息。", "Only administrators may handle waiting messages.");
    }
}
