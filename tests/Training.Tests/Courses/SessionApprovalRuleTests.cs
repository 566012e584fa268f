using Training.Courses;
using Training.Tests.Infrastructure;

namespace Training.Tests.Courses;

/// <summary>
/// The rules of a group leader's session waiting for a coordinator (issue 28, deliver 2), asked of the session itself:
/// held, approved or declined; a move proposed and kept apart until it is made; and which sessions residents see.
/// </summary>
public class SessionApprovalRuleTests
{
    private static readonly DateTime Start = new(2027, 2, 10, 1, 0, 0, DateTimeKind.Utc);

    /// <summary>A run with one session on the schedule and one just planned (not saved).</summary>
    private static (Course Course, Session OnSchedule, Session Planned) Run()
    {
        var course = new CourseBuilder().ForActivity("スマホ楽しみ隊").WithSessions(1, new DateTime(2027, 1, 13, 1, 0, 0)).Build();
        var planned = course.PlanSession(Start, Start.AddHours(2));
        return (course, course.Sessions.First(), planned);
    }

    private static bool Published(Session session) => Session.Published.Compile()(session);

    [Fact]
    public void A_session_held_for_approval_is_neither_published_nor_on_and_approving_puts_it_on_the_schedule()
    {
        var (_, _, planned) = Run();

        planned.HoldForApproval();
        var waiting = (planned.Status, Published(planned), planned.IsPublished, planned.TakesMarksAt(Start, TimeSpan.FromMinutes(30)));
        var approved = planned.Approve();

        Assert.Equal((SessionStatus.Pending, false, false, false), waiting);
        Assert.True(approved);
        Assert.Equal(SessionStatus.Scheduled, planned.Status);
        Assert.True(planned.IsPublished);
        Assert.False(planned.Approve());
    }

    [Fact]
    public void A_declined_session_says_why_stays_unpublished_and_can_be_neither_approved_nor_cancelled()
    {
        var (_, _, planned) = Run();
        planned.HoldForApproval();

        var declined = planned.Decline("  会場が取れません ");

        Assert.True(declined);
        Assert.Equal(SessionStatus.Declined, planned.Status);
        Assert.Equal("会場が取れません", planned.DecisionNote);
        Assert.False(planned.IsPublished);
        Assert.False(planned.Approve());
        Assert.False(planned.Cancel("台風"));
        Assert.False(planned.Decline("もう一度"));
    }

    [Fact]
    public void Only_a_session_just_planned_is_held_for_approval_and_one_on_the_schedule_cannot_be_declined()
    {
        var (_, onSchedule, planned) = Run();
        planned.HoldForApproval();

        Assert.False(onSchedule.Decline("理由"));
        Assert.Throws<InvalidOperationException>(planned.HoldForApproval);
        Assert.Equal(SessionStatus.Scheduled, onSchedule.Status);
    }

    [Fact]
    public void A_proposed_move_leaves_the_session_as_it_was_until_it_is_made_and_the_move_clears_it()
    {
        var (_, session, _) = Run();
        var (startsAt, endsAt, revision) = (session.StartsAt, session.EndsAt, session.Revision);
        var to = startsAt.AddDays(7);

        var proposed = session.Propose(to, to.AddHours(2), "穂坂公民館 和室", "講師の都合");
        var kept = (session.StartsAt, session.EndsAt, session.Revision, session.HasProposal, session.ProposedReason);
        var news = session.Reschedule(to, to.AddHours(2), "穂坂公民館 和室", "", "", "講師の都合", "日時を変更しました");

        Assert.True(proposed);
        Assert.Equal((startsAt, endsAt, revision, true, "講師の都合"), kept);
        Assert.True(news);
        Assert.Equal(to, session.StartsAt);
        Assert.False(session.HasProposal);
        Assert.Null(session.ProposedStartsAt);
    }

    [Fact]
    public void A_declined_proposal_is_gone_with_the_reason_for_the_leader_and_a_cancellation_drops_any_proposal()
    {
        var (_, session, _) = Run();
        var to = session.StartsAt.AddDays(7);
        session.Propose(to, to.AddHours(2), null, null);

        var declined = session.DeclineProposal("その日は会場が休みです");
        var again = session.DeclineProposal("二度目");
        session.Propose(to, to.AddHours(2), null, null);
        var cancelled = session.Cancel("台風のため");

        Assert.True(declined);
        Assert.False(again);
        Assert.True(cancelled);
        Assert.False(session.HasProposal);
        Assert.Equal(SessionStatus.Cancelled, session.Status);
        Assert.True(session.IsPublished);
    }

    [Fact]
    public void A_session_waiting_for_approval_or_declined_cannot_have_a_move_proposed()
    {
        var (_, _, planned) = Run();
        planned.HoldForApproval();
        var to = Start.AddDays(1);

        Assert.False(planned.Propose(to, to.AddHours(1), null, null));
        planned.Decline("見送り");
        Assert.False(planned.Propose(to, to.AddHours(1), null, null));
    }

    [Fact]
    public void A_session_waiting_for_approval_takes_up_its_hours_and_a_declined_one_does_not()
    {
        var (course, _, planned) = Run();
        planned.HoldForApproval();
        var overlapping = Session.Occupies(Start.AddHours(1), Start.AddHours(3)).Compile();

        var whileWaiting = course.Sessions.Count(overlapping);
        planned.Decline("見送り");
        var afterDeclined = course.Sessions.Count(overlapping);

        Assert.Equal(1, whileWaiting);
        Assert.Equal(0, afterDeclined);
    }

    [Fact]
    public void The_public_schedule_rule_takes_only_published_sessions_of_public_runs()
    {
        var (course, onSchedule, planned) = Run();
        planned.HoldForApproval();
        var isPublic = Course.PublicSessions.Compile();

        Assert.True(isPublic(onSchedule));
        Assert.False(isPublic(planned));
    }

    [Fact]
    public void A_new_program_needs_approval_of_its_leaders_sessions_until_the_coordinator_says_otherwise()
    {
        var program = new CourseBuilder().ForActivity("サロン").Build().Program!;

        var before = program.LeaderSessionsNeedApproval;
        var changed = program.SetLeaderSessionsNeedApproval(false);
        var unchanged = program.SetLeaderSessionsNeedApproval(false);

        Assert.True(before);
        Assert.True(changed);
        Assert.False(unchanged);
        Assert.False(program.LeaderSessionsNeedApproval);
    }
}
