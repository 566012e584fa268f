using Hangfire;

namespace Training.Notifications;

/// <summary>Hangfire entry point for the dispatcher. Runs every minute and after each queued message; overlapping runs are safe.</summary>
public class OutboxDispatchJob(OutboxDispatcher dispatcher)
{
    public const string RecurringId = "outbox-dispatch";

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Send pending emails")]
    public async Task RunAsync(CancellationToken cancellationToken) => await dispatcher.DispatchAsync(cancellationToken);
}
