using Hangfire;

namespace Training.Notifications;

/// <summary>Every ten minutes: queues the session reminders and calls that are due. Safe to run twice at once.</summary>
public class ReminderSweepJob(SessionReminders reminders)
{
    public const string RecurringId = "reminder-sweep";

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [JobDisplayName("Queue session reminders that are due")]
    public Task RunAsync(CancellationToken cancellationToken) => reminders.SweepAsync(cancellationToken);
}

/// <summary>Daily: from the configured day, next month's schedule to residents who asked for it.</summary>
public class MonthlyScheduleMailJob(MonthlyScheduleMailer mailer)
{
    public const string RecurringId = "monthly-schedule-mail";

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Mail next month's schedule")]
    public Task RunAsync(CancellationToken cancellationToken) => mailer.SendAsync(cancellationToken);
}
