using System.Globalization;
using Microsoft.Extensions.Options;
using Training.Attendance;
using Training.Configuration;
using Training.Courses;
using Training.People;
using Training.Time;

namespace Training.Notifications;

/// <summary>What reminders and change notices say about a session, in email and on the call list.</summary>
public class SessionMessages(SiteClock clock, IOptions<SiteOptions> site)
{
    private string BaseUrl => site.Value.PublicBaseUrl.TrimEnd('/');

    public Dictionary<string, object?> Model(Person person, Session session, Course course, CheckInPass? pass = null, int? daysBefore = null)
    {
        var start = clock.ToLocal(session.StartsAt);
        var model = new Dictionary<string, object?>
        {
            ["name"] = person.FullName,
            ["program"] = course.Program!.Name,
            ["course"] = course.Title,
            ["number"] = session.SequenceNumber,
            ["date"] = JapaneseDates.FullDate(DateOnly.FromDateTime(start)),
            ["date_en"] = start.ToString("dddd d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")),
            ["time"] = $"{start:HH:mm}〜{clock.ToLocal(session.EndsAt):HH:mm}",
            ["venue"] = Session.VenueOf(session.Venue, course.Venue),
            ["topic"] = session.Topic,
            ["reason"] = session.ChangeReason ?? "",
            ["days_before"] = daysBefore,
            ["my_url"] = $"{BaseUrl}/My/{person.AccessToken}",
            ["course_url"] = $"{BaseUrl}/Courses/{course.Id}",
        };
        if (pass is not null) model["checkin_url"] = pass.Url;
        return model;
    }

    /// <summary>One line a coordinator reads out on the phone.</summary>
    public string CallLine(Session session, Course course)
    {
        var start = clock.ToLocal(session.StartsAt);
        var venue = Session.VenueOf(session.Venue, course.Venue);
        return $"{JapaneseDates.MonthDayWeekday(DateOnly.FromDateTime(start))} {start:HH:mm}〜{clock.ToLocal(session.EndsAt):HH:mm}　{course.Program!.Name} 第{session.SequenceNumber}回（{venue}）";
    }
}
