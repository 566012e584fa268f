using Training.Attendance;
using Training.Courses;
using Training.Tests.Infrastructure;
using static Training.Attendance.AttendanceStatus;

namespace Training.Tests.Attendance;

/// <summary>Every completion rule, as a table: what the register says, and whether that completes the course.</summary>
public class CompletionRuleTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);

    private static TrainingProgram Program(CompletionRuleKind rule, int planned, int? threshold = null, bool excused = false,
        bool makeUps = false, int? deadlineDays = null) => new ProgramBuilder().WithPlannedSessions(planned).CompletedBy(rule, threshold)
        .With(d => d with { ExcusedAbsenceCountsAsAttended = excused, MakeUpAllowed = makeUps, MakeUpDeadlineDays = deadlineDays }).Build();

    /// <summary>One letter per session: P present, L late, E left early, X excused absence, A absent, - not held yet, C cancelled.</summary>
    private static List<SessionAttendance> Register(string marks) => marks.Select((mark, i) => new SessionAttendance(
        i + 1, new DateOnly(2026, 4, 8).AddMonths(i), mark == 'C', mark != '-', mark switch
        {
            'P' => Present, 'L' => Late, 'E' => LeftEarly, 'X' => ExcusedAbsence, 'A' => Absent, _ => null,
        })).ToList();

    public static TheoryData<string, CompletionRuleKind, int, int?, bool, string, bool, bool> Cases => new()
    {
        // description, rule, planned, threshold, excused counts, register, complete, can still complete
        { "all five attended", CompletionRuleKind.AllSessions, 5, null, false, "PPPPP", true, true },
        { "late and left early count as attended", CompletionRuleKind.AllSessions, 5, null, false, "PLEPP", true, true },
        { "one absence fails all-sessions", CompletionRuleKind.AllSessions, 5, null, false, "PPAPP", false, false },
        { "an excused absence fails unless the program forgives it", CompletionRuleKind.AllSessions, 5, null, false, "PPXPP", false, false },
        { "an excused absence forgiven by the program", CompletionRuleKind.AllSessions, 5, null, true, "PPXPP", true, true },
        { "four of five meets at-least-four", CompletionRuleKind.MinimumSessions, 5, 4, false, "PPAPP", true, true },
        { "three of five does not", CompletionRuleKind.MinimumSessions, 5, 4, false, "PAAPP", false, false },
        { "not yet: three attended, two still to come", CompletionRuleKind.MinimumSessions, 5, 4, false, "PAP--", false, true },
        { "the trap: 5 of 5 past sessions of an 8-session course is not 100%", CompletionRuleKind.MinimumPercent, 8, 100, false, "PPPPP", false, true },
        { "the trap with sessions created: 5 of 8", CompletionRuleKind.MinimumPercent, 8, 100, false, "PPPPP---", false, true },
        { "80% of 8 needs 7 (6.4 rounds up)", CompletionRuleKind.MinimumPercent, 8, 80, false, "PPPPPPAP", true, true },
        { "six of 8 is 75%, short of 80%", CompletionRuleKind.MinimumPercent, 8, 80, false, "PPPPPPAA", false, false },
        { "a cancelled session is not planned any more", CompletionRuleKind.AllSessions, 5, null, false, "PPCPP", true, true },
        { "an activity has no completion", CompletionRuleKind.None, 12, null, false, "PPPPPPPPPPPP", false, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Completion_follows_the_programs_rule(string description, CompletionRuleKind rule, int planned, int? threshold, bool excused,
        string register, bool complete, bool canStillComplete)
    {
        var assessment = CompletionRule.Assess(Program(rule, planned, threshold, excused), Register(register), [], Today);

        Assert.True(complete == assessment.IsComplete, $"{description}: complete should be {complete}, was {assessment}");
        Assert.True(canStillComplete == assessment.CanStillComplete, $"{description}: can still complete should be {canStillComplete}, was {assessment}");
    }

    [Fact]
    public void A_missed_session_made_up_at_the_same_numbered_session_of_another_run_counts()
    {
        var program = Program(CompletionRuleKind.AllSessions, 3, makeUps: true, deadlineDays: 90);
        var register = Register("PAP"); // session 2 missed on 2026-05-08

        var madeUp = CompletionRule.Assess(program, register, [new MakeUpAttendance(2, new DateOnly(2026, 6, 20), Present)], Today);
        var wrongNumber = CompletionRule.Assess(program, register, [new MakeUpAttendance(3, new DateOnly(2026, 6, 20), Present)], Today);

        Assert.True(madeUp.IsComplete);
        Assert.False(wrongNumber.IsComplete);
    }

    [Fact]
    public void A_make_up_after_the_deadline_does_not_count()
    {
        var program = Program(CompletionRuleKind.AllSessions, 3, makeUps: true, deadlineDays: 30);

        var late = CompletionRule.Assess(program, Register("PAP"), [new MakeUpAttendance(2, new DateOnly(2026, 6, 20), Present)], Today);

        Assert.False(late.IsComplete);
        Assert.False(late.CanStillComplete);
    }

    [Fact]
    public void Make_ups_do_not_count_where_the_program_does_not_allow_them()
    {
        var program = Program(CompletionRuleKind.AllSessions, 3);

        var assessment = CompletionRule.Assess(program, Register("PAP"), [new MakeUpAttendance(2, new DateOnly(2026, 5, 20), Present)], Today);

        Assert.False(assessment.IsComplete);
    }

    [Fact]
    public void A_missed_session_still_inside_its_make_up_deadline_is_no_reason_for_an_early_warning()
    {
        var program = Program(CompletionRuleKind.AllSessions, 3, makeUps: true, deadlineDays: 365);

        var assessment = CompletionRule.Assess(program, Register("PAP"), [], Today);

        Assert.False(assessment.IsComplete);
        Assert.True(assessment.CanStillComplete);
    }
}
