namespace Platform.Modules.Veterans.Contracts;

/// <summary>What happened to a person that other modules act on (future bookings, visits, lectures).</summary>
public enum LifeEventKind
{
    /// <summary>住院: a hospital visit was logged with a follow-up still open (closed when the person is home again).</summary>
    Hospitalised = 0,
    /// <summary>去世: a date of death was recorded.</summary>
    Deceased = 1,
}

/// <summary>A person's current life event.</summary>
/// <param name="VeteranId">The registry id.</param>
/// <param name="Kind">Hospitalised or deceased.</param>
/// <param name="Since">The day it happened (the visit's date, or the date of death).</param>
public sealed record VeteranLifeEvent(long VeteranId, LifeEventKind Kind, DateOnly Since);

/// <summary>
/// Told in process, right after the registry committed the change, when a person is recorded hospitalised or
/// deceased; registered in DI by any module. The call is not retried: a module that must not miss one also asks
/// <see cref="IVeteranLifeEvents.CurrentAsync"/> now and then (the state survives a crash, the call may not).
/// Handlers must tolerate a repeat.
/// </summary>
public interface IVeteranLifeEventSubscriber
{
    /// <summary>Acts on the event (e.g. cancels future stays).</summary>
    Task HandleAsync(VeteranLifeEvent lifeEvent, CancellationToken cancellationToken);
}

/// <summary>The registry's current life events, for modules reconciling what they hold.</summary>
public interface IVeteranLifeEvents
{
    /// <summary>Of the given people, those now hospitalised or deceased (deceased wins when both).</summary>
    Task<IReadOnlyList<VeteranLifeEvent>> CurrentAsync(IReadOnlyCollection<long> veteranIds, CancellationToken cancellationToken = default);
}
