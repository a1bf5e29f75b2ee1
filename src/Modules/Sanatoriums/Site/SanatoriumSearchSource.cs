using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Platform.Core.Search;
using Platform.Modules.Providers.Contracts;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Site;

/// <summary>
/// Search documents for sanatoriums of approved providers (public facts only: no bookings), each with its next open
/// batches, at the region of the sanatorium so a region's site finds it in its subtree. Keys <c>Sanatoriums:sanatorium:{id}</c>;
/// <see cref="Catalogue.SanatoriumService"/> marks a sanatorium changed when it or one of its batches changes.
/// </summary>
public sealed class SanatoriumSearchSource(SanatoriumsDbContext db, IProviderDirectory providers, TimeProvider clock) : ISearchDocumentSource
{
    public string ModuleId => SanatoriumsModule.Id;

    public static string KeyOf(long sanatoriumId) => $"{SanatoriumsModule.Id}:sanatorium:{sanatoriumId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public async IAsyncEnumerable<SearchDocument> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var ids = await db.Sanatoriums.AsNoTracking().OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(cancellationToken);
        foreach (var id in ids)
            if (await DocumentAsync(id, cancellationToken) is { } document) yield return document;
    }

    public Task<SearchDocument?> FindAsync(string key, CancellationToken cancellationToken) =>
        long.TryParse(key.Split(':').Last(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? DocumentAsync(id, cancellationToken) : Task.FromResult<SearchDocument?>(null);

    private async Task<SearchDocument?> DocumentAsync(long id, CancellationToken ct)
    {
        var sanatorium = await db.Sanatoriums.AsNoTracking().Include(s => s.RoomTypes).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (sanatorium is null || await providers.FindAsync(sanatorium.OrganisationId, ct) is not { Status: "approved" }) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var open = await db.Batches.AsNoTracking().Where(b => b.SanatoriumId == id && b.BookingClosesAt > now).OrderBy(b => b.StartDate).Take(3).ToListAsync(ct);
        var batches = open.Select(b => $"{b.Title}：{b.StartDate:yyyy-MM-dd} 至 {b.EndDate:yyyy-MM-dd}，每人 {b.PriceFen / 100m:0.##} 元，{b.BookingClosesAt.AddHours(8):yyyy-MM-dd} 截止预约").ToList();
        var body = string.Join("\n", [sanatorium.Location, sanatorium.Services, sanatorium.MedicalSupport, sanatorium.Notes ?? "",
            string.Join("、", sanatorium.RoomTypes.Select(r => RoomKinds.NameZh(r.Kind))), .. batches]);
        var tags = sanatorium.Services.Split(['、', '，', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Prepend("疗养").Distinct().ToList();
        return new SearchDocument(KeyOf(id), SanatoriumsModule.Id, "sanatorium", sanatorium.RegionCode, sanatorium.Name, body, tags,
            open.FirstOrDefault()?.StartDate.Year, $"/r/{sanatorium.RegionCode}/sanatoriums/#sanatorium-{id}",
            batches.Count > 0 ? "近期批次：" + batches[0] : "暂无可预约的批次");
    }
}
