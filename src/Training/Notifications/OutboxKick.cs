using Hangfire;

namespace Training.Notifications;

/// <summary>
/// Starts a dispatch as soon as mail is committed to the outbox, so a resident's confirmation leaves within seconds
/// rather than at the next scheduled run. One dispatch job at a time is asked for: a burst of registrations asks once,
/// and a kick that arrives while a dispatch is running asks for one more (which finds anything committed after the
/// running one looked). A lost kick costs nothing but time: the recurring dispatch runs every minute.
/// </summary>
public sealed class OutboxKick(IBackgroundJobClient jobs)
{
    private int _requested;

    /// <summary>Asks for a dispatch; called after the commit that put mail in the outbox.</summary>
    public void Request()
    {
        if (Interlocked.Exchange(ref _requested, 1) == 1) return;
        try
        {
            jobs.Enqueue<OutboxDispatchJob>(job => job.RunAsync(CancellationToken.None));
        }
        catch
        {
            Interlocked.Exchange(ref _requested, 0);
            throw;
        }
    }

    /// <summary>A dispatch is starting: what is committed from now on needs another kick.</summary>
    public void Starting() => Interlocked.Exchange(ref _requested, 0);
}
