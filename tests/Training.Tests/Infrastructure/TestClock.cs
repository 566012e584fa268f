using System.Diagnostics;

namespace Training.Tests.Infrastructure;

/// <summary>
/// The clock of every test app that does not bring its own <c>FakeTimeProvider</c>: real time passing, but from a fixed
/// instant, Monday 2026-12-07 10:00 in Tokyo. Tests write fixed dates (the builders' first session is Wednesday
/// 2026-12-09 10:00) and assert on them as rendered; on the real clock they would start failing once that day had passed.
/// Anything a test writes as "now" must come from here too, never from <see cref="DateTime.UtcNow"/>.
/// </summary>
public sealed class TestClock : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);
    private static readonly long Began = Stopwatch.GetTimestamp();

    public static TestClock Instance { get; } = new();

    /// <summary>The test apps' now, as a UTC <see cref="DateTime"/> (the form the entities store).</summary>
    public static DateTime UtcNow => Instance.GetUtcNow().UtcDateTime;

    public override DateTimeOffset GetUtcNow() => Start + Stopwatch.GetElapsedTime(Began);
}
