using Hangfire;

namespace Training.Notifications.Channels;

/// <summary>Hangfire entry point for the channel dispatcher. Runs every minute and after each queued notice; overlapping runs are safe.</summary>
public class ChannelDispatchJob(ChannelDispatcher dispatcher)
{
    public const string RecurringId = "channel-dispatch";

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Send pending LINE and SMS notices")]
    public async Task RunAsync(CancellationToken cancellationToken) => await dispatcher.DispatchAsync(cancellationToken);
}
