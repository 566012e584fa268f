using System.Linq.Expressions;
using Training.Courses;
using Training.Tests.Infrastructure;

namespace Training.Tests.Courses;

/// <summary>The rules a run keeps itself, asked of the run alone (no database, no app).</summary>
public class CourseRuleTests
{
    private static readonly DateTime FirstSession = new(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2027, 1, 20, 0, 0, 0, DateTimeKind.Utc);

    private static Course RunOfThree() => new CourseBuilder().WithSessions(3, FirstSession).Build();

    [Fact]
    public void A_new_run_is_open_with_the_details_it_was_given()
    {
        var course = new CourseBuilder().Titled("令和9年度 第1期").WithCapacity(12).AtVenue("穂坂公民館").WithoutSessions().Build();

        Assert.Equal(CourseStatus.Open, course.Status);
        Assert.Equal(("令和9年度 第1期", 12, "穂坂公民館"), (course.Title, course.Capacity, course.Venue));
        Assert.Empty(course.Sessions);
    }

    [Fact]
    public void A_run_is_never_started_as_cancelled_it_is_cancelled_with_a_reason()
    {
        Assert.Throws<ArgumentException>(() => new Course(1, 1, RunOfThree().Details(), status: CourseStatus.Cancelled));
    }

    [Fact]
    public void Planned_sessions_are_numbered_after_the_highest_number_the_run_has_cancelled_ones_included()
    {
        var course = RunOfThree();
        course.Sessions[2].Cancel("台風のため");

        var planned = course.PlanSession(FirstSession.AddDays(100), FirstSession.AddDays(100).AddHours(2), "", "", "", "1月1日（金）が祝日のため");

        Assert.Equal(4, planned.SequenceNumber);
        Assert.Equal([1, 2, 3, 4], course.Sessions.Select(s => s.SequenceNumber));
        Assert.Equal("1月1日（金）が祝日のため", planned.ChangeReason);
        Assert.Same(course, planned.Course);
    }

    [Fact]
    public void A_first_planned_session_is_number_one_and_a_session_ends_after_it_starts()
    {
        var course = new CourseBuilder().WithoutSessions().Build();

        Assert.Equal(1, course.PlanSession(FirstSession, FirstSession.AddHours(2)).SequenceNumber);
        Assert.Throws<ArgumentException>(() => course.PlanSession(FirstSession, FirstSession));
    }

    [Fact]
    public void Cancelling_a_run_cancels_its_sessions_still_to_come_with_the_reason_and_leaves_those_held()
    {
        var course = RunOfThree();

        var cancelled = course.Cancel(" 講師の都合のため ", Now);

        Assert.Equal(CourseStatus.Cancelled, course.Status);
        Assert.Equal(("講師の都合のため", (DateTime?)Now), (course.CancelReason, course.CancelledAt));
        Assert.Equal([3], cancelled.Select(s => s.SequenceNumber));
        Assert.Equal([SessionStatus.Scheduled, SessionStatus.Scheduled, SessionStatus.Cancelled], course.Sessions.Select(s => s.Status));
    }

    [Fact]
    public void A_run_cancelled_already_is_not_cancelled_again_and_a_reason_is_required()
    {
        var course = RunOfThree();
        course.Cancel("台風のため", Now);

        Assert.Empty(course.Cancel("二度目", Now.AddDays(1)));
        Assert.Equal(("台風のため", (DateTime?)Now), (course.CancelReason, course.CancelledAt));
        Assert.Throws<ArgumentException>(() => RunOfThree().Cancel(" ", Now));
    }

    [Fact]
    public void A_correction_changes_only_what_differs_and_says_which_fields_with_before_and_after()
    {
        var course = RunOfThree();

        var changes = course.Correct(course.Details() with { Capacity = 25, Fee = "300円" });

        Assert.Equal([("Fee", "", "300円"), ("Capacity", "20", "25")], changes);
        Assert.Equal((25, "300円"), (course.Capacity, course.Fee));
        Assert.Empty(course.Correct(course.Details()));
    }

    [Theory]
    [InlineData(20, 18, 0)]
    [InlineData(15, 18, 3)]
    public void Fewer_seats_than_people_confirmed_leave_some_short_and_nobody_is_removed(int capacity, int confirmed, int shortBy) =>
        Assert.Equal(shortBy, Course.SeatsShort(capacity, confirmed));

    [Theory]
    [InlineData(25, 20, 3, 3)]
    [InlineData(22, 20, 3, 2)]
    [InlineData(18, 20, 3, 0)]
    public void More_seats_give_places_to_those_waiting_first_come_first_served_no_more_than_are_waiting(int capacity, int confirmed, int waiting, int freed) =>
        Assert.Equal(freed, Course.SeatsFreed(capacity, confirmed, waiting));

    [Theory]
    [InlineData(true, CourseStatus.Open, true)]
    [InlineData(true, CourseStatus.Closed, true)]
    [InlineData(true, CourseStatus.Draft, false)]
    [InlineData(false, CourseStatus.Open, false)]
    public void Residents_see_a_run_of_a_public_program_once_it_is_no_longer_a_draft(bool programIsPublic, CourseStatus status, bool seen)
    {
        var course = new CourseBuilder().WithStatus(status).WithProgram(p => p.With(d => d with { IsPublic = programIsPublic })).Build();

        Assert.Equal(seen, course.IsPublic());
        Assert.Equal(seen, Course.Public.Compile()(course));
        Assert.Equal(seen, course.Sessions.All(Course.PublicSessions.Compile()));
    }

    [Fact]
    public void A_cancelled_run_stays_public_marked_cancelled()
    {
        var course = new CourseBuilder().WithStatus(CourseStatus.Cancelled).Build();

        Assert.True(course.IsPublic());
    }

    [Fact]
    public void The_public_rule_for_sessions_is_the_runs_rule_read_through_the_session()
    {
        // What a query of sessions asks: s => s.Course.Program.IsPublic && s.Course.Status != Draft.
        var body = Assert.IsAssignableFrom<BinaryExpression>(Course.PublicSessions.Body);
        Assert.Contains("s.Course.Program.IsPublic", body.ToString());
        Assert.Contains("s.Course.Status", body.ToString());
    }

    [Fact]
    public void Whether_a_run_is_public_needs_its_program()
    {
        var course = new Course(1, 1, RunOfThree().Details());

        Assert.Throws<InvalidOperationException>(() => course.IsPublic());
    }

    [Fact]
    public void A_run_is_over_once_every_planned_session_exists_and_those_still_on_have_ended()
    {
        var course = RunOfThree();
        var lastEnd = course.Sessions[2].EndsAt;

        Assert.False(course.IsOverAt(lastEnd.AddMinutes(-1), plannedSessionCount: 3));
        Assert.True(course.IsOverAt(lastEnd, plannedSessionCount: 3));
        Assert.False(course.IsOverAt(lastEnd, plannedSessionCount: 4));
        course.Sessions[2].Cancel("台風のため");
        Assert.True(course.IsOverAt(course.Sessions[1].EndsAt, plannedSessionCount: 3));
    }

    [Fact]
    public void Marking_completions_stale_keeps_the_mark_until_they_are_derived()
    {
        var course = RunOfThree();

        course.MarkCompletionsStale("mark-1");

        Assert.Equal("mark-1", course.CompletionsStaleMark);
    }
}
