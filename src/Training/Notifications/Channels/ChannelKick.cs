using Hangfire;

namespace Training.Notifications.Channels;

/// <summary>
/// Starts a channel dispatch as soon as a notice is committed to the channel outbox (as <see cref="OutboxKick"/> does
/// for email): one job asked for at a time; a lost kick costs only time, the recurring dispatch runs every minute.
/// </summary>
public sealed class ChannelKick(IBackgroundJobClient jobs)
{
    private int _requested;

    public void Request()
    {
        if (Interlocked.Exchange(ref _requested, 1) == 1) return;
        try
        {
            jobs.Enqueue<ChannelDispatchJob>(job => job.RunAsync(CancellationToken.None));
        }
        catch
        {
            Interlocked.Exchange(ref _requested, 0);
            throw;
        }
    }

    public void Starting() => Interlocked.Exchange(ref _requested, 0);
}
