using Microsoft.EntityFrameworkCore;
using Platform.Modules.Sanatoriums.Data;

namespace Platform.Modules.Sanatoriums.Catalogue;

/// <summary>One night of a sanatorium's calendar: beds offered by the batches running that night and beds taken, per room type.</summary>
public sealed record OccupancyDay(DateOnly Day, IReadOnlyDictionary<string, (int Beds, int Taken)> Rooms)
{
    public int Beds => Rooms.Values.Sum(r => r.Beds);
    public int Taken => Rooms.Values.Sum(r => r.Taken);
}

/// <summary>The batch calendar: occupancy per night, from the capacity rows the bed ledger keeps.</summary>
public sealed class Occupancy(SanatoriumsDbContext db)
{
    public async Task<IReadOnlyList<OccupancyDay>> DaysAsync(long sanatoriumId, DateOnly from, DateOnly to, long? batchId = null, CancellationToken ct = default)
    {
        var batches = await db.Batches.AsNoTracking()
            .Where(b => b.SanatoriumId == sanatoriumId && b.StartDate < to && b.EndDate > from && (batchId == null || b.Id == batchId)).ToListAsync(ct);
        var ids = batches.Select(b => b.Id).ToList();
        var capacity = await db.Capacity.AsNoTracking().Where(c => ids.Contains(c.BatchId)).ToListAsync(ct);
        var days = new List<OccupancyDay>();
        for (var day = from; day < to; day = day.AddDays(1))
        {
            var running = batches.Where(b => b.StartDate <= day && day < b.EndDate).Select(b => b.Id).ToHashSet();
            if (running.Count == 0) continue;
            days.Add(new OccupancyDay(day, capacity.Where(c => running.Contains(c.BatchId)).GroupBy(c => c.RoomType)
                .ToDictionary(g => g.Key, g => (g.Sum(c => c.Beds), g.Sum(c => c.Taken)))));
        }
        return days;
    }
}
