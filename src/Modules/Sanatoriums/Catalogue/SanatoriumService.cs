using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Core;
using Platform.Core.Access;
using Platform.Core.Auditing;
using Platform.Core.Search;
using Platform.Modules.Providers.Contracts;
using Platform.Modules.Sanatoriums.Data;
using Platform.Modules.Sanatoriums.Site;

namespace Platform.Modules.Sanatoriums.Catalogue;

public sealed record SanatoriumInput(
    string OrganisationId, string Name, string Location, string Services, string MedicalSupport, string? Notes, IReadOnlyDictionary<string, int> Beds);

/// <param name="ReservedRegions">Empty: open to veterans of any region; else only those living in (or below) these regions.</param>
public sealed record BatchInput(
    string Title, DateOnly StartDate, DateOnly EndDate, decimal PricePerPersonYuan, IReadOnlyDictionary<string, int> Beds,
    IReadOnlyList<string> ReservedRegions, DateTime BookingOpensAtUtc, DateTime BookingClosesAtUtc, int? MinAge = null, int? MaxAge = null,
    bool RequiresFitnessCheck = false, int? MinOccupancy = null);

/// <summary>Sanatoriums (each run by a provider organisation of the sanatorium category) and their batches.</summary>
public sealed class SanatoriumService(
    SanatoriumsDbContext db, IProviderDirectory providers, IAccessScope access, IAuditLog audit, ISearchIndex search, TimeProvider clock)
{
    public async Task<Sanatorium> CreateAsync(ClaimsPrincipal caller, SanatoriumInput input, CancellationToken ct = default)
    {
        var provider = await providers.FindAsync(input.OrganisationId, ct)
            ?? throw PlatformException.NotFound($"未找到服务商“{input.OrganisationId}”。", $"Provider '{input.OrganisationId}' was not found.");
        AccessScopeExtensions.Throw(await access.ForOrganisationAsync(caller, provider.OrganisationId, provider.Regions, write: true, ct), provider.LegalName);
        if (provider.Category != "sanatorium")
            throw PlatformException.Invalid($"“{provider.LegalName}”不是疗养院类服务商，不能登记疗养院。", $"'{provider.LegalName}' is not a sanatorium provider.");
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 100)
            throw PlatformException.Invalid("请填写疗养院名称（100 字以内）。", "Enter the sanatorium's name (up to 100 characters).");
        CheckBeds(input.Beds);
        var now = clock.GetUtcNow().UtcDateTime;
        var sanatorium = new Sanatorium
        {
            OrganisationId = provider.OrganisationId, RegionCode = provider.Regions[0], Name = input.Name.Trim(), Location = input.Location.Trim(),
            Services = input.Services.Trim(), MedicalSupport = input.MedicalSupport.Trim(), Notes = input.Notes?.Trim(),
            CreatedAt = now, CreatedBy = Actor(caller),
            RoomTypes = [.. input.Beds.Where(b => b.Value > 0).Select(b => new RoomType { Kind = b.Key, Beds = b.Value })],
        };
        db.Sanatoriums.Add(sanatorium);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(new AuditEntry("sanatorium.created", Actor(caller), sanatorium.RegionCode, SanatoriumsModule.Id, null, sanatorium.Name), ct);
        await search.MarkChangedAsync(SanatoriumSearchSource.KeyOf(sanatorium.Id), ct);
        return sanatorium;
    }

    public async Task<Batch> CreateBatchAsync(ClaimsPrincipal caller, long sanatoriumId, BatchInput input, CancellationToken ct = default)
    {
        var sanatorium = await RequireAsync(caller, sanatoriumId, write: true, ct);
        if (input.EndDate <= input.StartDate)
            throw PlatformException.Invalid("离院日期须晚于入住日期。", "The end date must be after the start date.");
        if (input.BookingClosesAtUtc <= input.BookingOpensAtUtc || input.BookingClosesAtUtc > input.StartDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))
            throw PlatformException.Invalid("预约截止时间须晚于开始时间，且不晚于入住日期。", "The booking window must close after it opens and no later than the start date.");
        if (input.MinAge is { } min && input.MaxAge is { } max && min > max)
            throw PlatformException.Invalid("最低年龄不能高于最高年龄。", "The minimum age cannot exceed the maximum age.");
        if (input.PricePerPersonYuan < 0 || decimal.Round(input.PricePerPersonYuan, 2) != input.PricePerPersonYuan)
            throw PlatformException.Invalid("每人费用须为不小于 0 的金额（元，最多两位小数）。", "The price must be a non-negative amount in yuan.");
        CheckBeds(input.Beds);
        if (input.MinOccupancy is { } least && (least < 1 || least > input.Beds.Values.Sum()))
            throw PlatformException.Invalid("最低入住人数须在 1 到本批次床位总数之间。", "The minimum occupancy must be between 1 and the batch's beds.");
        foreach (var (kind, beds) in input.Beds)
        {
            var has = sanatorium.RoomTypes.FirstOrDefault(r => r.Kind == kind)?.Beds ?? 0;
            if (beds > has)
                throw PlatformException.Invalid($"{RoomKinds.NameZh(kind)}本院只有 {has} 张床，批次不能安排 {beds} 张。", $"The sanatorium has only {has} beds of kind {kind}.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var batch = new Batch
        {
            SanatoriumId = sanatorium.Id, Title = input.Title.Trim(), StartDate = input.StartDate, EndDate = input.EndDate,
            PriceFen = (long)(input.PricePerPersonYuan * 100), ReservedRegions = string.Join(',', input.ReservedRegions.Select(r => r.Trim())),
            BookingOpensAt = input.BookingOpensAtUtc, BookingClosesAt = input.BookingClosesAtUtc, MinAge = input.MinAge, MaxAge = input.MaxAge,
            RequiresFitnessCheck = input.RequiresFitnessCheck, MinOccupancy = input.MinOccupancy, CreatedAt = now, CreatedBy = Actor(caller),
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Batches.Add(batch);
        await db.SaveChangesAsync(ct);
        db.Capacity.AddRange(input.Beds.Where(b => b.Value > 0).Select(b => new BatchCapacity { BatchId = batch.Id, RoomType = b.Key, Beds = b.Value }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await audit.WriteAsync(new AuditEntry("sanatorium.batch-created", Actor(caller), sanatorium.RegionCode, SanatoriumsModule.Id, sanatorium.Name,
            $"{batch.Title} {batch.StartDate:yyyy-MM-dd}–{batch.EndDate:yyyy-MM-dd}"), ct);
        await search.MarkChangedAsync(SanatoriumSearchSource.KeyOf(sanatorium.Id), ct);
        return batch;
    }

    /// <summary>
    /// The sanatoriums a caller works with: their own organisation's (provider staff), those in the region's subtree
    /// (bureaus and liaison officers, who book into them), or all (platform administrators without a region).
    /// </summary>
    public async Task<List<Sanatorium>> VisibleAsync(ClaimsPrincipal caller, IReadOnlyCollection<string> regionCodes, CancellationToken ct = default)
    {
        var grants = GrantClaim.Of(caller);
        var organisations = grants.Where(g => g.OrganisationId is not null).Select(g => g.OrganisationId!).ToList();
        var query = db.Sanatoriums.AsNoTracking().Include(s => s.RoomTypes).AsQueryable();
        if (!(GrantClaim.IsPlatformAdmin(grants) && regionCodes.Count == 0))
            query = query.Where(s => organisations.Contains(s.OrganisationId) || regionCodes.Contains(s.RegionCode));
        return await query.OrderBy(s => s.Name).ToListAsync(ct);
    }

    /// <summary>The sanatorium if the caller may see it (write: manage it): its provider's staff, or a bureau over its region.</summary>
    public async Task<Sanatorium> RequireAsync(ClaimsPrincipal caller, long sanatoriumId, bool write, CancellationToken ct = default)
    {
        var sanatorium = await db.Sanatoriums.Include(s => s.RoomTypes).FirstOrDefaultAsync(s => s.Id == sanatoriumId, ct)
            ?? throw PlatformException.NotFound("未找到该疗养院。", "Sanatorium not found.");
        AccessScopeExtensions.Throw(await access.ForOrganisationAsync(caller, sanatorium.OrganisationId, [sanatorium.RegionCode], write, ct), sanatorium.Name);
        return sanatorium;
    }

    private static void CheckBeds(IReadOnlyDictionary<string, int> beds)
    {
        if (beds.Keys.Any(k => !RoomKinds.All.Contains(k)))
            throw PlatformException.Invalid("房型只能是单人间、双人间或无障碍间。", "Room types are single, double or accessible.");
        if (beds.Values.Any(v => v < 0) || beds.Values.Sum() == 0)
            throw PlatformException.Invalid("请至少填写一种房型的床位数（不能为负数）。", "Enter the beds of at least one room type.");
    }

    internal static string Actor(ClaimsPrincipal caller) => caller.Identity?.Name ?? "anonymous";
}
