using Microsoft.EntityFrameworkCore;
using Platform.Core.Data;
using Platform.Modules.Veterans.Contracts;
using Platform.Modules.Veterans.Data;

namespace Platform.Modules.Veterans.Features;

/// <summary>The registry as other modules see it: summaries and eligibility facts, never the tables or sensitive fields.</summary>
public sealed class VeteranDirectory(VeteransDbContext db, PreparedReads reads) : IVeteranDirectory
{
    private const string FindSql = """
        SELECT "Name", "RegionCode", "Kind", "RankBand", "KeyGroups", "BirthDate", "InstitutionId", "DeceasedDate" IS NOT NULL
        FROM veterans_people WHERE "Id" = @id
        """;

    /// <summary>One veteran (committed state), read on a kept connection with the statement prepared once: every booking asks.</summary>
    public async Task<VeteranSummary?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var lease = await reads.LeaseAsync(cancellationToken);
        await using var reader = await ReadLease.Set(lease.Command(FindSql), "@id", id).ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new VeteranSummary(id, reader.GetString(0), reader.GetString(1), (VeteranKind)reader.GetInt32(2), (RankBand)reader.GetInt32(3),
            (KeyGroups)reader.GetInt32(4), reader.GetFieldValue<DateOnly>(5), reader.IsDBNull(6) ? null : reader.GetInt64(6), reader.GetBoolean(7));
    }

    public async Task<IReadOnlyList<VeteranSummary>> ListAsync(VeteranQuery query, CancellationToken cancellationToken = default)
    {
        var regions = query.RegionCodes.ToList();
        var rows = db.Veterans.AsNoTracking().Where(v => regions.Contains(v.RegionCode) && v.Id > query.AfterId);
        if (query.AnyOf != KeyGroups.None) rows = rows.Where(v => (v.KeyGroups & query.AnyOf) != 0);
        if (!query.IncludeDeceased) rows = rows.Where(v => v.DeceasedDate == null);
        return await Summaries(rows.OrderBy(v => v.Id).Take(Math.Clamp(query.Take, 1, 1000))).ToListAsync(cancellationToken);
    }

    public async Task<EligibilityFacts?> EligibilityAsync(long id, DateOnly onDate, CancellationToken cancellationToken = default) =>
        await FindAsync(id, cancellationToken) is { } v
            ? new EligibilityFacts(v.Id, v.AgeOn(onDate), v.KeyGroups, v.RankBand, v.Kind, v.Deceased, v.RegionCode)
            : null;

    private static IQueryable<VeteranSummary> Summaries(IQueryable<Veteran> rows) =>
        rows.Select(v => new VeteranSummary(v.Id, v.Name, v.RegionCode, v.Kind, v.RankBand, v.KeyGroups, v.BirthDate, v.InstitutionId, v.DeceasedDate != null));
}
