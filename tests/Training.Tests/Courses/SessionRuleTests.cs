using Training.Courses;
using Training.Tests.Infrastructure;

namespace Training.Tests.Courses;

/// <summary>The rules one session keeps — moving, correcting, cancelling, taking marks — asked of the session alone.</summary>
public class SessionRuleTests
{
    private static readonly DateTime Start = new(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc);
    private const string Moved = "日時を変更しました";

    private static Session Session() => new CourseBuilder().WithSessions(1, Start).Build().Sessions[0];

    [Fact]
    public void A_new_day_is_news_for_everyone_registered_says_why_and_counts_a_revision()
    {
        var session = Session();

        var news = session.Reschedule(Start.AddDays(7), Start.AddDays(7).AddHours(2), session.Venue, "", "", null, Moved);

        Assert.True(news);
        Assert.Equal((Start.AddDays(7), Moved, 1), (session.StartsAt, session.ChangeReason, session.Revision));
    }

    [Fact]
    public void A_new_place_is_news_and_the_reason_staff_typed_is_kept()
    {
        var session = Session();

        Assert.True(session.Reschedule(Start, Start.AddHours(2), " 穂坂公民館 ", null, null, " 会場の工事のため ", Moved));

        Assert.Equal(("穂坂公民館", "会場の工事のため", 1), (session.Venue, session.ChangeReason, session.Revision));
    }

    [Fact]
    public void A_corrected_topic_or_instructor_is_no_news_and_counts_no_revision()
    {
        var session = Session();

        var news = session.Reschedule(Start, Start.AddHours(2), session.Venue, "保健師 望月", "認知症の方への接し方", null, Moved);

        Assert.False(news);
        Assert.Equal(("保健師 望月", "認知症の方への接し方", 0, (string?)null), (session.Instructor, session.Topic, session.Revision, session.ChangeReason));
    }

    [Fact]
    public void A_session_ends_after_it_starts()
    {
        Assert.Throws<ArgumentException>(() => Session().Reschedule(Start, Start, "", null, null, null, Moved));
    }

    [Fact]
    public void A_cancelled_session_says_why_counts_a_revision_and_is_cancelled_once()
    {
        var session = Session();

        Assert.True(session.Cancel(" 台風のため "));
        Assert.False(session.Cancel("二度目"));

        Assert.Equal((SessionStatus.Cancelled, "台風のため", 1), (session.Status, session.ChangeReason, session.Revision));
        Assert.Throws<ArgumentException>(() => Session().Cancel(""));
    }

    [Fact]
    public void Moving_a_cancelled_session_is_news_for_nobody()
    {
        var session = Session();
        session.Cancel("台風のため");

        Assert.False(session.IsNewsFor(Start.AddDays(1), Start.AddDays(1).AddHours(2), "穂坂公民館"));
    }

    [Fact]
    public void A_session_moved_down_one_by_an_extra_session_takes_the_next_number_and_a_revision()
    {
        var session = Session();

        session.MoveDownOne();

        Assert.Equal((2, 1), (session.SequenceNumber, session.Revision));
    }

    [Fact]
    public void Marks_are_taken_from_shortly_before_the_start_never_earlier_and_never_on_a_cancelled_session()
    {
        var session = Session();
        var openBefore = TimeSpan.FromMinutes(30);

        Assert.False(session.TakesMarksAt(Start.AddMinutes(-31), openBefore));
        Assert.True(session.TakesMarksAt(Start.AddMinutes(-30), openBefore));
        session.Cancel("台風のため");
        Assert.False(session.TakesMarksAt(Start.AddHours(1), openBefore));
    }

    [Fact]
    public void A_session_naming_no_venue_meets_at_its_runs()
    {
        var course = new CourseBuilder().AtVenue("韮崎市民交流センター").WithoutSessions().Build();
        var session = course.PlanSession(Start, Start.AddHours(2));

        Assert.Equal("韮崎市民交流センター", session.EffectiveVenue);
    }

    [Fact]
    public void The_session_as_it_was_before_a_move_keeps_its_number_with_the_old_day_and_place()
    {
        var session = Session();

        var was = session.AsItWas(Start.AddDays(-7), Start.AddDays(-7).AddHours(2), "穂坂公民館");

        Assert.Equal((session.SequenceNumber, Start.AddDays(-7), "穂坂公民館"), (was.SequenceNumber, was.StartsAt, was.Venue));
        Assert.Equal(Start, session.StartsAt);
    }

    [Fact]
    public void Taking_the_register_records_when()
    {
        var session = Session();

        session.MarkAttendanceTaken(Start.AddHours(2));

        Assert.Equal(Start.AddHours(2), session.AttendanceTakenAt);
    }
}
