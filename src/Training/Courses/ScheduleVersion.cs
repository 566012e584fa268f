namespace Training.Courses;

/// <summary>
/// A number that changes whenever something residents see in the schedule changes (sessions, courses, seats), or in the
/// districts' lists of local activities (activities and their kinds).
/// Cached public pages are keyed by it, so a change shows at once while unchanged pages are served from cache.
/// With several app nodes, <see cref="Changed"/> lets a relay tell the other nodes, which call <see cref="BumpFromPeer"/>.
/// </summary>
public sealed class ScheduleVersion
{
    private long _value;

    public long Current => Interlocked.Read(ref _value);

    /// <summary>Raised after a change made on this node; must not block.</summary>
    public event Action? Changed;

    public void Bump()
    {
        Interlocked.Increment(ref _value);
        Changed?.Invoke();
    }

    /// <summary>Another node changed the schedule: forget this node's cached pages without telling anyone again.</summary>
    public void BumpFromPeer() => Interlocked.Increment(ref _value);
}
