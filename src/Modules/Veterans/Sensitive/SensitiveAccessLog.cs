using Platform.Modules.Veterans.Data;

namespace Platform.Modules.Veterans.Sensitive;

/// <summary>The sensitive fields, as named in the access log.</summary>
public static class SensitiveFields
{
    public const string Phones = "phones";
    public const string Address = "address";
    public const string IdNumber = "id_number";
    public const string HealthNotes = "health_notes";
    public const string HouseholdPhones = "household_phones";

    public static readonly string All = string.Join(",", Phones, Address, IdNumber, HealthNotes, HouseholdPhones);
}

/// <summary>Writes one PIPL access-log row per record whose sensitive fields someone was shown.</summary>
public sealed class SensitiveAccessLog(VeteransDbContext db, TimeProvider clock)
{
    public async Task WriteAsync(string actor, IEnumerable<long> veteranIds, string fields, string channel, CancellationToken ct = default)
    {
        var at = clock.GetUtcNow().UtcDateTime;
        foreach (var id in veteranIds)
            db.AccessLog.Add(new AccessEntry { At = at, Actor = actor, VeteranId = id, Fields = fields, Channel = channel });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    public Task WriteAsync(string actor, long veteranId, string fields, string channel, CancellationToken ct = default) =>
        WriteAsync(actor, [veteranId], fields, channel, ct);
}
