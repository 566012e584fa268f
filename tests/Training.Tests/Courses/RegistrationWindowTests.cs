using Training.Courses;
using Training.Tests.Infrastructure;

namespace Training.Tests.Courses;

/// <summary>One rule for whether a course takes a registration, asked by the form, the API, the service and the schedule.</summary>
public class RegistrationWindowTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 1, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(CourseStatus.Open, null, null, false, RegistrationWindow.Open)]
    [InlineData(CourseStatus.Open, 1, null, false, RegistrationWindow.NotOpenYet)]
    [InlineData(CourseStatus.Open, null, -1, false, RegistrationWindow.Closed)]
    [InlineData(CourseStatus.Closed, null, null, false, RegistrationWindow.Closed)]
    [InlineData(CourseStatus.Finished, null, null, false, RegistrationWindow.Closed)]
    [InlineData(CourseStatus.Draft, null, null, false, RegistrationWindow.Closed)]
    [InlineData(CourseStatus.Cancelled, null, null, false, RegistrationWindow.Cancelled)]
    [InlineData(CourseStatus.Open, null, -1, true, RegistrationWindow.Open)]
    [InlineData(CourseStatus.Closed, 1, null, true, RegistrationWindow.Open)]
    [InlineData(CourseStatus.Cancelled, null, null, true, RegistrationWindow.Cancelled)]
    public void A_course_takes_registrations_by_its_status_its_window_and_who_is_asking(CourseStatus status, int? opensInDays, int? closesInDays, bool byStaff,
        RegistrationWindow expected)
    {
        var course = new CourseBuilder().Titled("第1期").WithStatus(status).WithoutSessions()
            .WithRegistrationWindow(opensInDays is { } o ? Now.AddDays(o) : null, closesInDays is { } c ? Now.AddDays(c) : null).Build();

        Assert.Equal(expected, course.RegistrationWindowAt(Now, byStaff));
    }
}
