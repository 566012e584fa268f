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
            daysBefore, pass?.Url) { Office = EmailOffice.Of(course.Organisation) };
    }

    /// <summary>
    /// What changed, exactly, for a coordinator to read out: the old and new day and time, and the old and new place —
    /// only what did change (a new time on the same day does not say the place changed).
    /// </summary>
    public string MoveLine(Session session, Course course, (DateTime StartsAt, DateTime EndsAt, string Venue) previous, string language = "ja")
    {
        string When(DateTime startsAt, DateTime endsAt)
        {
            var start = clock.ToLocal(startsAt);
            return $"{PeopleDates.ShortDate(start, language)} {PeopleDates.TimeRange(start, clock.ToLocal(endsAt), language)}";
        }
        var timeChanged = previous.StartsAt != session.StartsAt || previous.EndsAt != session.EndsAt;
        var (oldVenue, newVenue) = (Session.VenueOf(previous.Venue, course.Venue), Session.VenueOf(session.Venue, course.Venue));
        var placeChanged = oldVenue != newVenue;
        var parts = new List<string>();
        if (language == "en")
        {
            if (timeChanged) parts.Add($"Date and time: {When(previous.StartsAt, previous.EndsAt)} → {When(session.StartsAt, session.EndsAt)}");
            if (placeChanged) parts.Add($"Place: {oldVenue} → {newVenue}");
            var changed = (timeChanged, placeChanged) switch { (true, true) => "date, time and place have", (false, true) => "place has", _ => "date and time have" };
            return $"{course.Program!.Name} session {session.SequenceNumber} ({When(previous.StartsAt, previous.EndsAt)}): the {changed} changed. {string.Join(" / ", parts)}";
        }
        var subject = $"{course.Program!.Name} 第{session.SequenceNumber}回（{When(previous.StartsAt, previous.EndsAt)}）";
        if (timeChanged) parts.Add($"日時：{When(previous.StartsAt, previous.EndsAt)} → {When(session.StartsAt, session.EndsAt)}");
        if (placeChanged) parts.Add($"場所：{oldVenue} → {newVenue}");
        var what = (timeChanged, placeChanged) switch { (true, true) => "日時と場所", (false, true) => "場所", _ => "日時" };
        return $"{subject}の{what}が変わりました。{string.Join("／", parts)}";
    }

    /// <summary>One line a coordinator reads out on the phone.</summary>
    public string CallLine(Session session, Course course, string language = "ja")
    {
        var start = clock.ToLocal(session.StartsAt);
        var venue = Session.VenueOf(session.Venue, course.Venue);
        var when = $"{PeopleDates.ShortDate(start, language)} {PeopleDates.TimeRange(start, clock.ToLocal(session.EndsAt), language)}";
        return language == "en"
            ? $"{when}  {course.Program!.Name} session {session.SequenceNumber} ({venue})"
            : $"{when}　{course.Program!.Name} 第{session.SequenceNumber}回（{venue}）";
    }

    /// <summary>A reminder call: the session, and how far off it is.</summary>
    public string ReminderLine(Session session, Course course, int daysAway, string language = "ja") => language == "en"
        ? $"{CallLine(session, course, "en")}: reminder ({daysAway switch { 0 => "today", 1 => "tomorrow", _ => $"in {daysAway} days" }})"
        : $"{CallLine(session, course)} のご案内（{daysAway switch { 0 => "当日", 1 => "前日", 2 => "2日前（明後日）", _ => $"{daysAway}日前" }}）";

    /// <summary>A cancelled session, to be told at once.</summary>
    public string CancelledLine(Session session, Course course, string language = "ja") => language == "en"
        ? $"{CallLine(session, course, "en")} is cancelled ({session.ChangeReason})"
        : $"【至急】{CallLine(session, course)} は中止になりました（{session.ChangeReason}）";
}
