using System.Globalization;
using Microsoft.Extensions.Options;
using Training.Attendance;
using Training.Configuration;
using Training.Courses;
using Training.People;
using Training.Time;

namespace Training.Notifications;

/// <summary>What reminders and change notices say about a session, in email and on the call list.</summary>
public class SessionMessages(SiteClock clock, SiteLinks links)
{
    public SessionEmail Model(Person person, Session session, Course course, CheckInPass? pass = null, int? daysBefore = null)
    {
        var start = clock.ToLocal(session.StartsAt);
        return new SessionEmail(person.FullName, course.Program!.Name, course.Title, session.SequenceNumber,
            PeopleDates.LongDate(start, "ja"), PeopleDates.LongDate(start, "en"),
            PeopleDates.TimeRange(start, clock.ToLocal(session.EndsAt), "ja"), Session.VenueOf(session.Venue, course.Venue), session.Topic,
            session.ChangeReason ?? "", links.Absolute(SiteLinks.MyPage(person.AccessToken)), links.Absolute(SiteLinks.Course(course.Id)),
            daysBefore, pass?.Url);
    }

    /// <summary>One line a coordinator reads out on the phone.</summary>
    public string CallLine(Session session, Course course)
    {
        var start = clock.ToLocal(session.StartsAt);
        var venue = Session.VenueOf(session.Venue, course.Venue);
        return $"{PeopleDates.ShortDate(start, "ja")} {PeopleDates.TimeRange(start, clock.ToLocal(session.EndsAt), "ja")}　{course.Program!.Name} 第{session.SequenceNumber}回（{venue}）";
    }
}
