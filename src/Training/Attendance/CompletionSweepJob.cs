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

/// <summary>Derives the completions of every run of a program again, after its rule changed. Safe to run twice.</summary>
public class ProgramCompletionsJob(CompletionService completions)
{
    [AutomaticRetry(Attempts = 5)]
    [JobDisplayName("Re-derive completions of program {0}")]
    public Task RunAsync(int programId, CancellationToken cancellationToken) => completions.DeriveProgramAsync(programId, cancellationToken);
}
