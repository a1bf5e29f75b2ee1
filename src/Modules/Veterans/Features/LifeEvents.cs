using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Modules.Veterans.Contracts;
using Platform.Modules.Veterans.Data;

namespace Platform.Modules.Veterans.Features;

/// <summary>
/// Hospital stays (a hospital visit with an open follow-up) and deaths: answered from the registry's own rows, and
/// told to other modules right after the change commits.
/// </summary>
public sealed class LifeEvents(VeteransDbContext db, IServiceProvider services, ILogger<LifeEvents> logger) : IVeteranLifeEvents
{
    public async Task<IReadOnlyList<VeteranLifeEvent>> CurrentAsync(IReadOnlyCollection<long> veteranIds, CancellationToken cancellationToken = default)
    {
        var ids = veteranIds.ToList();
        var deceased = await db.Veterans.AsNoTracking().Where(v => ids.Contains(v.Id) && v.DeceasedDate != null)
            .Select(v => new VeteranLifeEvent(v.Id, LifeEventKind.Deceased, v.DeceasedDate!.Value)).ToListAsync(cancellationToken);
        var dead = deceased.Select(d => d.VeteranId).ToHashSet();
        var inHospital = await db.ContactLog.AsNoTracking()
            .Where(e => ids.Contains(e.VeteranId) && e.Kind == ContactKind.Hospital && e.FollowUpState == FollowUpState.Open)
            .GroupBy(e => e.VeteranId).Select(g => new { VeteranId = g.Key, Since = g.Min(e => e.Date) }).ToListAsync(cancellationToken);
        return [.. deceased, .. inHospital.Where(h => !dead.Contains(h.VeteranId)).Select(h => new VeteranLifeEvent(h.VeteranId, LifeEventKind.Hospitalised, h.Since))];
    }

    /// <summary>Tells every subscriber; a failing one is logged (its module catches up from <see cref="CurrentAsync"/>).</summary>
    public async Task PublishAsync(VeteranLifeEvent lifeEvent, CancellationToken ct)
    {
        foreach (var subscriber in services.GetServices<IVeteranLifeEventSubscriber>())
        {
            try
            {
                await subscriber.HandleAsync(lifeEvent, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Life event {Kind} of veteran {Veteran}: subscriber {Subscriber} failed", lifeEvent.Kind, lifeEvent.VeteranId, subscriber.GetType().Name);
            }
        }
    }
}
