using Training.Attendance;

namespace Training.Tests.Infrastructure;

/// <summary>
/// Test data builder for completions, without a database: one the rule made, then taken through the entity's own
/// methods to the state a test is about (withdrawn, flagged for review, an exception, kept after review).
/// </summary>
public class CompletionBuilder
{
    public static readonly DateTime Earned = new(2026, 11, 1, 3, 0, 0, DateTimeKind.Utc);
    private DateTime _earnedAt = Earned;
    private string? _exceptionReason;
    private readonly List<Action<Completion>> _steps = [];

    public CompletionBuilder EarnedAt(DateTime earnedAt)
    {
        _earnedAt = earnedAt;
        return this;
    }

    /// <summary>Attendance changed and no certificate was issued: the rule withdrew it.</summary>
    public CompletionBuilder Withdrawn() => Then(c => c.NoLongerMet(hasCertificate: false, _earnedAt.AddDays(7)));

    /// <summary>Attendance changed after its certificate: flagged for staff to review (要確認).</summary>
    public CompletionBuilder FlaggedForReview() => Then(c => c.NoLongerMet(hasCertificate: true, _earnedAt.AddDays(7)));

    /// <summary>Flagged, then kept by staff after they checked the record.</summary>
    public CompletionBuilder KeptAfterReview() => FlaggedForReview().Then(c => c.KeepAfterReview("出席簿で確認しました。", _earnedAt.AddDays(8)));

    /// <summary>Recorded by a coordinator as an exception (特例) for someone the rule did not complete.</summary>
    public CompletionBuilder AsException(string reason = "病気のため、別の日に個別に受講しました。")
    {
        _exceptionReason = reason;
        return this;
    }

    private CompletionBuilder Then(Action<Completion> step)
    {
        _steps.Add(step);
        return this;
    }

    public Completion Build()
    {
        var completion = _exceptionReason is null
            ? Completion.ByRule(registrationId: 1, personId: 1, courseId: 1, _earnedAt)
            : Completion.AsException(null, registrationId: 1, personId: 1, courseId: 1, _exceptionReason, _earnedAt);
        foreach (var step in _steps) step(completion);
        return completion;
    }
}
