using Hangfire;

namespace Training.Attendance;

/// <summary>Nightly: re-derives completions from attendance, catching any evaluation a crash or a lost job missed.</summary>
public class CompletionSweepJob(CompletionService completions)
{
    public const string RecurringId = "completion-sweep";

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Re-derive completions from attendance")]
    public Task RunAsync(CancellationToken cancellationToken) => completions.SweepAsync(TimeSpan.FromDays(400), cancellationToken);
}
