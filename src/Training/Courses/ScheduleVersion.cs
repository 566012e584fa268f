namespace Training.Courses;

/// <summary>
/// A number that changes whenever something residents see in the schedule changes (sessions, courses, seats).
/// Cached public pages are keyed by it, so a change shows at once while unchanged pages are served from cache.
/// </summary>
public sealed class ScheduleVersion
{
    private long _value;

    public long Current => Interlocked.Read(ref _value);

    public void Bump() => Interlocked.Increment(ref _value);
}
