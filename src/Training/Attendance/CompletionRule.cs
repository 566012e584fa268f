using Training.Courses;

namespace Training.Attendance;

/// <summary>One session of the participant's own run, and what the register says about it.</summary>
/// <param name="EndsAt">When the session ends (UTC), to date a completion by the session that earned it.</param>
public sealed record SessionAttendance(int SequenceNumber, DateOnly Date, bool Cancelled, bool Past, AttendanceStatus? Status, DateTime? EndsAt = null);

/// <summary>A session of another run of the same program the participant attended as a make-up (振替).</summary>
public sealed record MakeUpAttendance(int SequenceNumber, DateOnly Date, AttendanceStatus Status, DateTime? EndsAt = null);

/// <summary>Where a participant stands against the program's completion rule.</summary>
/// <param name="EarnedAt">When complete: the end of the session (or make-up) whose attendance met the rule, when known.</param>
public sealed record CompletionAssessment(int Planned, int Required, int Attended, int StillToCome, bool IsComplete, DateTime? EarnedAt = null)
{
    /// <summary>False once even perfect attendance at every remaining session cannot meet the rule (early warning).</summary>
    public bool CanStillComplete => IsComplete || Attended + StillToCome >= Required;
}

/// <summary>
/// Decides completion by a program's rule. The denominator is always the sessions planned for the run, never only
/// those held so far: "5 of 5 past sessions" of an 8-session course is 62.5 %, not 100 %.
/// </summary>
public static class CompletionRule
{
    /// <param name="today">Local date, to know which missed sessions can still be made up.</param>
    public static CompletionAssessment Assess(TrainingProgram program, IReadOnlyList<SessionAttendance> sessions, IReadOnlyList<MakeUpAttendance> makeUps,
        DateOnly today)
    {
        var cancelled = sessions.Count(s => s.Cancelled);
        // Sessions not yet created still count as planned; cancelled ones that were not replaced do not.
        var planned = Math.Max(program.PlannedSessionCount, sessions.Count) - cancelled;
        var required = program.CompletionRule switch
        {
            CompletionRuleKind.AllSessions => planned,
            CompletionRuleKind.MinimumSessions => Math.Min(program.CompletionThreshold ?? planned, planned),
            // Round up: 80 % of 8 sessions is 6.4, so 7 are needed.
            CompletionRuleKind.MinimumPercent => (int)Math.Ceiling(planned * (program.CompletionThreshold ?? 100) / 100.0),
            _ => 0,
        };

        var attended = 0;
        // When each counted attendance ended: the required-th of them is when the rule was met.
        var ends = new List<DateTime?>();
        var stillToCome = Math.Max(program.PlannedSessionCount, sessions.Count) - sessions.Count;
        foreach (var session in sessions.Where(s => !s.Cancelled))
        {
            if (Counts(program, session.Status))
            {
                attended++;
                ends.Add(session.EndsAt);
            }
            else if (MadeUp(program, session, makeUps) is { } makeUp)
            {
                attended++;
                ends.Add(makeUp.EndsAt);
            }
            // Not yet held (or held today, its register still open), or missed but still within the make-up deadline:
            // the participant may still get it. A session whose day is over with nothing recorded was missed — unless
            // a make-up is still possible — so the early warning sees it.
            else if ((session.Status is null && (!session.Past || session.Date >= today)) || (program.MakeUpAllowed && today <= MakeUpDeadline(program, session)))
                stillToCome++;
        }
        var isComplete = program.CompletionRule != CompletionRuleKind.None && planned > 0 && attended >= required;
        var earnedAt = isComplete && required > 0 && ends.All(e => e is not null) ? ends.Order().ElementAt(required - 1) : null;
        return new CompletionAssessment(planned, required, attended, stillToCome, isComplete, earnedAt);
    }

    public static bool Counts(TrainingProgram program, AttendanceStatus? status) => status switch
    {
        AttendanceStatus.Present or AttendanceStatus.Late or AttendanceStatus.LeftEarly => true,
        AttendanceStatus.ExcusedAbsence => program.ExcusedAbsenceCountsAsAttended,
        _ => false,
    };

    /// <summary>The make-up that stands for a missed session, or null.</summary>
    private static MakeUpAttendance? MadeUp(TrainingProgram program, SessionAttendance missed, IReadOnlyList<MakeUpAttendance> makeUps)
    {
        if (!program.MakeUpAllowed) return null;
        var deadline = MakeUpDeadline(program, missed);
        return makeUps.FirstOrDefault(m => m.SequenceNumber == missed.SequenceNumber && m.Date <= deadline
                                           && m.Status is AttendanceStatus.Present or AttendanceStatus.Late or AttendanceStatus.LeftEarly);
    }

    private static DateOnly MakeUpDeadline(TrainingProgram program, SessionAttendance missed) =>
        program.MakeUpDeadlineDays is { } days ? missed.Date.AddDays(days) : DateOnly.MaxValue;
}
