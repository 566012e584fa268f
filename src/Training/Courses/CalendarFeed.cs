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
        var zone = site.Value.TimeZone;
        var host = new Uri(links.BaseUrl).Host;
        var calendar = new Calendar { ProductId = "-//Training//生活支援 講座・研修//JA" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", zone);
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone));
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
}
