using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Auditing;
using Platform.Core.Media;
using Platform.Modules.OralHistory.Data;
using Platform.Modules.OralHistory.Features.Stories;

namespace Platform.Modules.OralHistory.Features.Honours;

public sealed record HonourInput(HonourKind Kind, string? Caption, int? Year);

/// <summary>Medals, certificates and photographs of a narrator, each with a caption and an image.</summary>
public sealed class HonourService(OralHistoryDbContext db, StoryService stories, IMediaStore media, IAuditLog audit, TimeProvider clock)
{
    public static string KindText(HonourKind kind) => kind switch
    {
        HonourKind.Medal => "奖章",
        HonourKind.Certificate => "证书",
        _ => "照片",
    };

    public async Task<IReadOnlyList<Honour>> ListAsync(long narratorId, CancellationToken ct = default) =>
        await db.Honours.AsNoTracking().Where(h => h.NarratorId == narratorId).OrderBy(h => h.Kind).ThenBy(h => h.Year).ThenBy(h => h.Id).ToListAsync(ct);

    public async Task<Honour> AddAsync(ClaimsPrincipal caller, long narratorId, HonourInput input, Stream image, string fileName, CancellationToken ct = default)
    {
        var narrator = await db.Narrators.AsNoTracking().FirstOrDefaultAsync(n => n.Id == narratorId, ct)
            ?? throw PlatformException.NotFound("未找到该讲述人。", "No such narrator.");
        await stories.EnsureMayEditAsync(caller, narrator.RegionCode, ct);
        var caption = input.Caption?.Trim() ?? "";
        if (caption.Length is 0 or > 200) throw PlatformException.Invalid("请填写说明文字（200 字以内），例如“1953 年抗美援朝纪念章”。", "Enter a caption (up to 200 characters).");
        if (!Enum.IsDefined(input.Kind)) throw PlatformException.Invalid("请选择类别：奖章、证书或照片。", "Choose medal, certificate or photograph.");
        var actor = caller.Identity?.Name ?? "anonymous";
        // The image is removed again unless the honour's own row commits.
        await using var batch = media.BeginBatch(StoryType.ModuleId, narrator.RegionCode, actor);
        await batch.AddAsync(image, fileName, MediaPolicy.Images, ct);
        var stored = (await batch.StoreAsync(ct))[0];
        var honour = new Honour
        {
            NarratorId = narratorId, RegionCode = narrator.RegionCode, Kind = input.Kind, Caption = caption, MediaId = stored.Id, Year = input.Year,
            CreatedBy = actor, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Honours.Add(honour);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            db.Entry(honour).State = EntityState.Detached;
            throw;
        }
        batch.Keep();
        await audit.WriteAsync(new AuditEntry("oralhistory.honour-add", actor, narrator.RegionCode, StoryType.ModuleId, narrator.DisplayName, $"{KindText(input.Kind)}：{caption}"), ct);
        return honour;
    }

    public async Task RemoveAsync(ClaimsPrincipal caller, long honourId, CancellationToken ct = default)
    {
        var honour = await db.Honours.FirstOrDefaultAsync(h => h.Id == honourId, ct) ?? throw PlatformException.NotFound("未找到该荣誉。", "No such honour.");
        await stories.EnsureMayEditAsync(caller, honour.RegionCode, ct);
        db.Honours.Remove(honour);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(new AuditEntry("oralhistory.honour-remove", caller.Identity?.Name ?? "anonymous", honour.RegionCode, StoryType.ModuleId, honour.Caption, null), ct);
    }
}
