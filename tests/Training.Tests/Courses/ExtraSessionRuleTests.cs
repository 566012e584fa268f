using Training.Courses;
using Training.Tests.Infrastructure;
using Training.Registrations;

namespace Training.Tests.Courses;

/// <summary>The rules of one extra session on a chosen day, asked of the course itself (no database, no app).</summary>
public class ExtraSessionRuleTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 1, 0, 0, DateTimeKind.Utc);

    /// <summary>A run meeting on 12/9, 1/6 and 2/3, 10:00–12:00 Tokyo (01:00–03:00 UTC).</summary>
    private static Course Run(CourseStatus status = CourseStatus.Open)
    {
        return new CourseBuilder().WithStatus(status).WithSessions(3, new DateTime(2026, 12, 9, 1, 0, 0)).BuildWithIds(courseId: 7, firstSessionId: 100);
    }

    private static SessionAddition Add(Course course, DateTime startsAt, double hours = 2, IReadOnlyCollection<int>? recorded = null) =>
        course.AddSession(startsAt, startsAt.AddHours(hours), "", "", "補講", Now, recorded ?? []);

    [Fact]
    public void A_session_after_the_last_one_takes_the_next_number_and_moves_nobody()
    {
        var course = Run();

        var added = Assert.IsType<SessionAddition.Added>(Add(course, new DateTime(2027, 3, 3, 1, 0, 0)));

        Assert.Equal(4, added.Session.SequenceNumber);
        Assert.Null(added.MovedFrom);
        Assert.Equal([1, 2, 3, 4], course.Sessions.OrderBy(s => s.StartsAt).Select(s => s.SequenceNumber));
        Assert.Equal("補講", added.Session.Topic);
    }

    [Fact]
    public void A_session_between_two_takes_its_place_in_date_order_and_the_later_ones_move_down_one()
    {
        var course = Run();
        var third = course.Sessions.Single(s => s.SequenceNumber == 3);

        var added = Assert.IsType<SessionAddition.Added>(Add(course, new DateTime(2026, 12, 16, 1, 0, 0)));

        Assert.Equal(2, added.Session.SequenceNumber);
        Assert.Equal(2, added.MovedFrom);
        Assert.Equal([1, 2, 3, 4], course.Sessions.OrderBy(s => s.StartsAt).Select(s => s.SequenceNumber));
        // Calendars see the renamed session as a change.
        Assert.Equal(1, third.Revision);
    }

    [Fact]
    public void A_session_in_the_past_is_refused_even_earlier_the_same_day()
    {
        var course = Run();

        Assert.IsType<SessionAddition.InThePast>(Add(course, Now.AddMinutes(-30)));
        Assert.IsType<SessionAddition.InThePast>(Add(course, Now));
        Assert.Equal(3, course.Sessions.Count);
    }

    [Fact]
    public void A_session_that_ends_before_it_starts_is_refused()
    {
        var course = Run();

        Assert.IsType<SessionAddition.EndsBeforeStart>(Add(course, new DateTime(2027, 3, 3, 3, 0, 0), hours: -1));
        Assert.IsType<SessionAddition.EndsBeforeStart>(Add(course, new DateTime(2027, 3, 3, 3, 0, 0), hours: 0));
        Assert.Equal(3, course.Sessions.Count);
    }

    [Fact]
    public void A_session_overlapping_another_of_the_run_is_refused_naming_it()
    {
        var course = Run();

        // 11:00–13:00 on the day of the first session (10:00–12:00).
        var refused = Assert.IsType<SessionAddition.Overlaps>(Add(course, new DateTime(2026, 12, 9, 2, 0, 0)));

        Assert.Equal(1, refused.Other.SequenceNumber);
        Assert.Equal(3, course.Sessions.Count);
    }

    [Fact]
    public void A_session_right_after_another_or_at_the_time_of_a_cancelled_one_is_allowed()
    {
        var course = Run();
        course.Sessions.Single(s => s.SequenceNumber == 2).Cancel("講師の都合");

        Assert.IsType<SessionAddition.Added>(Add(course, new DateTime(2026, 12, 9, 3, 0, 0)));
        var replacement = Assert.IsType<SessionAddition.Added>(Add(course, new DateTime(2027, 1, 6, 1, 0, 0)));
        Assert.Equal(4, replacement.Session.SequenceNumber);
    }

    [Fact]
    public void A_session_before_one_with_a_record_on_its_number_is_refused_and_nothing_is_renumbered()
    {
        var course = Run();
        course.Sessions.Single(s => s.SequenceNumber == 3).MarkAttendanceTaken(Now);

        var refused = Assert.IsType<SessionAddition.BeforeRecordedSession>(Add(course, new DateTime(2026, 12, 16, 1, 0, 0)));
        Assert.Equal(3, refused.Recorded.SequenceNumber);
        Assert.IsType<SessionAddition.BeforeRecordedSession>(Add(course, new DateTime(2026, 12, 16, 1, 0, 0), recorded: [101]));

        Assert.Equal([1, 2, 3], course.Sessions.OrderBy(s => s.StartsAt).Select(s => s.SequenceNumber));
        // After it, the numbers before stay as they are.
        Assert.IsType<SessionAddition.Added>(Add(course, new DateTime(2027, 3, 3, 1, 0, 0)));
    }

    [Fact]
    public void A_cancelled_run_takes_no_session()
    {
        Assert.IsType<SessionAddition.CourseCancelled>(Add(Run(CourseStatus.Cancelled), new DateTime(2027, 3, 3, 1, 0, 0)));
    }

    [Theory]
    // A booking of one session keeps its day; every time from an earlier session now includes the new one.
    [InlineData(3, 3, 4, 4)]
    [InlineData(1, 1, 1, 1)]
    [InlineData(1, null, 1, null)]
    [InlineData(3, null, 4, null)]
    [InlineData(1, 3, 1, 4)]
    public void A_booking_by_the_session_keeps_its_days_when_sessions_move_down(int from, int? until, int expectedFrom, int? expectedUntil)
    {
        var booking = new RegistrationBuilder().FromSession(from).UntilSession(until).Build();

        booking.SessionsMovedDown(2);

        Assert.Equal(expectedFrom, booking.FromSession);
        Assert.Equal(expectedUntil, booking.UntilSession);
    }

    [Fact]
    public void A_whole_course_booking_covers_the_new_session()
    {
        var booking = new RegistrationBuilder().Build();
        var course = Run();
        var added = Assert.IsType<SessionAddition.Added>(Add(course, new DateTime(2026, 12, 16, 1, 0, 0)));

        booking.SessionsMovedDown(added.MovedFrom!.Value);

        Assert.Equal(BookingSpan.WholeCourse, booking.Span);
        Assert.True(booking.Covers(added.Session));
    }

    [Theory]
    [InlineData("", "10:00", "12:00", "Date")]
    [InlineData("2027-03-03", "", "12:00", "Start")]
    [InlineData("2027-03-03", "10:00", "", "End")]
    [InlineData("2027-03-03", "12:00", "10:00", "End")]
    public void Missing_or_backward_times_are_named_by_the_field(string date, string start, string end, string field)
    {
        var input = new ExtraSessionInput
        {
            Date = date == "" ? null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
            Start = start == "" ? null : TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            End = end == "" ? null : TimeOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture),
        };

        Assert.Equal([field], input.Problems().Select(p => p.Field));
    }

    [Fact]
    public void A_place_that_cannot_be_printed_or_is_too_long_is_refused()
    {
        var input = new ExtraSessionInput
        {
            Date = new DateOnly(2027, 3, 3), Start = new TimeOnly(10, 0), End = new TimeOnly(12, 0),
            Venue = "公民館\u202E", Topic = new string('あ', 401),
        };

        Assert.Equal(["Venue", "Topic"], input.Problems().Select(p => p.Field));
    }

    [Fact]
    public void Every_message_of_the_form_has_an_English_translation()
    {
        var english = System.Xml.Linq.XDocument.Load(Path.Combine(Infrastructure.RepositoryPaths.Root, "src", "Training.Web", "Resources", "SharedResource.en.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();

        var missing = ExtraSessionInput.Messages.All.Append(Training.Audit.AuditActions.Label("session-add")).Where(m => !english.Contains(m)).ToList();

        Assert.Empty(missing);
    }
}
