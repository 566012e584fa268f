using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.Extensions.Options;
using Training.Configuration;

namespace Training.Courses;

/// <summary>RFC 5545 calendars of sessions, with the site's time zone, for phones and desktop calendars.</summary>
public class CalendarFeed(IOptions<SiteOptions> site, SiteLinks links)
{
    public string Build(string name, IEnumerable<ScheduleEntry> sessions)
    {
        var (calendar, zone, host) = NewCalendar(name);
        foreach (var s in sessions)
        {
            calendar.Events.Add(new CalendarEvent
            {
                // Stable per session, so a moved session updates the same event in people's calendars.
                Uid = $"session-{s.SessionId}@{host}",
                Summary = (s.Cancelled ? "【中止】" : "") + s.Program + (s.Kind == ProgramKind.CertificateProgram ? $" 第{s.Number}回" : ""),
                Location = s.Venue,
                Description = string.IsNullOrEmpty(s.Topic) ? s.Course : $"{s.Topic}\n{s.Course}",
                Start = new CalDateTime(s.Start, zone),
                End = new CalDateTime(s.End, zone),
                Status = s.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
                Url = new Uri(links.Absolute(SiteLinks.Course(s.CourseId))),
            });
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private (Calendar Calendar, string Zone, string Host) NewCalendar(string name)
    {
        var zone = site.Value.TimeZone;
        var calendar = new Calendar { ProductId = "-//Training//生活支援 講座・研修//JA" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", zone);
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone));
        return (calendar, zone, new Uri(links.BaseUrl).Host);
    }

    /// <summary>
    /// One resident's own calendar: only the sessions they booked, a waiting place tentative and named so, a day they
    /// said they would miss marked and cancelled, an alarm the day before, and a SEQUENCE that grows with each change.
    /// Its UIDs are the booking's, apart from the public feed's, so the two never overwrite each other.
    /// </summary>
    public string BuildPersonal(string name, IEnumerable<PersonalCalendarEntry> entries)
    {
        var (calendar, zone, host) = NewCalendar(name);
        foreach (var (s, registrationId, waiting, absent, sequence) in entries)
        {
            var mark = s.Cancelled ? "【中止】" : absent ? "【欠席の連絡済み】" : waiting ? "【キャンセル待ち】" : "";
            var item = new CalendarEvent
            {
                Uid = $"booking-{registrationId}-session-{s.SessionId}@{host}",
                Sequence = sequence,
                Summary = mark + s.Program + (s.Kind == ProgramKind.CertificateProgram ? $" 第{s.Number}回" : ""),
                Location = s.Venue,
                Description = (waiting && !s.Cancelled ? "キャンセル待ちです（参加が決まったらお知らせします）。\n" : "")
                    + (string.IsNullOrEmpty(s.Topic) ? s.Course : $"{s.Topic}\n{s.Course}"),
                Start = new CalDateTime(s.Start, zone),
                End = new CalDateTime(s.End, zone),
                Status = s.Cancelled || absent ? EventStatus.Cancelled : waiting ? EventStatus.Tentative : EventStatus.Confirmed,
                Url = new Uri(links.Absolute(SiteLinks.Course(s.CourseId))),
            };
            if (!s.Cancelled && !absent)
                item.Alarms.Add(new Alarm { Action = AlarmAction.Display, Description = "明日は " + item.Summary, Trigger = new Trigger("-P1D") });
            calendar.Events.Add(item);
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}

/// <param name="Absent">The resident said they would miss this day (or were recorded absent).</param>
/// <param name="Sequence">Grows with each change of the session or of the booking's place in it.</param>
public sealed record PersonalCalendarEntry(ScheduleEntry Session, int RegistrationId, bool Waiting, bool Absent, int Sequence);
