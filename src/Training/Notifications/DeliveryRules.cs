using Training.Configuration;
using Training.Time;

namespace Training.Notifications;

/// <summary>
/// The rules every outbox follows, the email outbox and the channel outbox alike (issue 30: "the same claim/retry/
/// back-off/failure rules as email, the same daytime window"): how long to wait before trying again, when to give up,
/// and which notices wait for the daytime window.
/// </summary>
public static class DeliveryRules
{
    /// <summary>Exponential back-off: base, 2×, 4× … capped at six hours.</summary>
    public static TimeSpan RetryDelay(int baseSeconds, int attempt) =>
        TimeSpan.FromSeconds(Math.Min(baseSeconds * Math.Pow(2, Math.Max(0, attempt - 1)), 6 * 3600));

    /// <summary>The back-off, or the provider's Retry-After when it asks for longer.</summary>
    public static TimeSpan RetryDelay(int baseSeconds, int attempt, TimeSpan? retryAfter)
    {
        var delay = RetryDelay(baseSeconds, attempt);
        return retryAfter is { } asked && asked > delay ? asked : delay;
    }

    /// <summary>Whether a message that failed on its attempt number <paramref name="attempt"/> (1 for the first) is given up
    /// rather than tried again.</summary>
    public static bool GivesUpAfter(int attempt, int maxAttempts) => attempt >= maxAttempts;

    /// <summary>The categories that go out at any hour (urgent notices, staff mail); the others wait for the daytime window.</summary>
    public static readonly EmailCategory[] AnyTime = Enum.GetValues<EmailCategory>().Where(c => !c.WaitsForDaytime()).ToArray();

    /// <summary>Whether <paramref name="utcNow"/> is inside the daytime window (Reminders:WindowStart–WindowEnd, local time).</summary>
    public static bool IsDaytime(RemindersOptions reminders, SiteClock clock, DateTime utcNow) =>
        reminders.Window().Contains(TimeOnly.FromDateTime(clock.ToLocal(utcNow)));
}
