using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Auditing;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Stories;

namespace Platform.Modules.OralHistory.Features.Consent;

public sealed record ConsentInput(DateOnly? SignedOn, bool Photos, bool AudioVideo, string? Note);

/// <summary>Records a narrator's consent for a story (a new row each time; the newest applies) and reads it back.</summary>
public sealed class ConsentService(OralHistoryDbContext db, StoryService stories, IAuditLog audit, TimeProvider clock)
{
    public Task<ConsentRow?> CurrentAsync(string storyId, CancellationToken ct = default) =>
        db.Consents.AsNoTracking().Where(c => c.StoryId == storyId).OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<ConsentRow>> HistoryAsync(string storyId, CancellationToken ct = default) =>
        await db.Consents.AsNoTracking().Where(c => c.StoryId == storyId).OrderByDescending(c => c.Id).ToListAsync(ct);

    public async Task<ConsentRow> RecordAsync(ClaimsPrincipal caller, string storyId, ConsentInput input, CancellationToken ct = default)
    {
        var story = (await stories.GetForEditAsync(caller, storyId, ct)).Story; // 404 outside scope
        await stories.EnsureMayEditAsync(caller, story.RegionCode, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));
        if (input.SignedOn is not { } signed)
            throw PlatformException.Invalid("请填写同意书的签署日期。", "Enter the date the consent was signed.");
        if (signed > today)
            throw PlatformException.Invalid($"签署日期 {signed:yyyy-MM-dd} 晚于今天，请检查。", "The signing date is in the future.");
        var row = new ConsentRow
        {
            StoryId = storyId, RegionCode = story.RegionCode, VeteranId = story.VeteranId, Photos = input.Photos, AudioVideo = input.AudioVideo,
            SignedOn = signed.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
            RecordedBy = caller.Identity?.Name ?? "anonymous", RecordedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Consents.Add(row);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(new AuditEntry("oralhistory.consent", row.RecordedBy, story.RegionCode, StoryType.ModuleId, $"{story.Title}（{storyId}）",
            $"{signed:yyyy-MM-dd} 签署，范围：{ConsentRule.ScopeText(input.Photos, input.AudioVideo)}"), ct);
        return row;
    }
}
