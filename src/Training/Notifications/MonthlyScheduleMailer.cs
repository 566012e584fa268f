using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Courses;
using Training.Data;
using Training.Notifications.Channels;
using Training.People;
using Training.Time;

namespace Training.Notifications;

/// <summary>
/// From the configured day of each month, next month's schedule to every resident who asked for it, by their notice
/// channel (<see cref="NoticeSender"/>): by email, the list with the printable A4 schedule attached; by LINE or SMS,
/// the text with the schedule page's link. Nobody is phoned a newsletter: those whose notices go to the call list get
/// none. The PDF is made once per month and shared by all the messages; keys (month, person) make the daily run
/// idempotent and reach people who opt in after the day.
/// </summary>
public class MonthlyScheduleMailer(TrainingDbContext db, NoticeRouter router, NoticeSender sender, ScheduleQuery schedule, MonthlySchedulePdf pdf, SiteClock clock,
    IOptions<RemindersOptions> options, IOptions<SiteOptions> site, SiteLinks links, ILogger<MonthlyScheduleMailer> logger)
{
    public async Task<int> SendAsync(CancellationToken cancellationToken = default)
    {
        var today = clock.Today;
        if (today.Day < options.Value.MonthlyScheduleDay) return 0;
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(1);
        var optedIn = (await db.LatestConsentsAsync(ConsentPurpose.MonthlyScheduleEmail, cancellationToken: cancellationToken))
            .Where(c => c.Value).Select(c => c.Key).ToList();
        if (optedIn.Count == 0) return 0;
        var monthKey = $"{month:yyyy-MM}";
        var prefix = $"monthly-schedule:{monthKey}:";
        var already = (await db.OutboundEmails.AsNoTracking().Where(e => e.IdempotencyKey.StartsWith(prefix)).Select(e => e.PersonId).ToListAsync(cancellationToken))
            .OfType<int>()
            .Concat(await db.OutboundMessages.AsNoTracking().Where(m => m.IdempotencyKey.StartsWith(prefix)).Select(m => m.PersonId).ToListAsync(cancellationToken))
            .ToHashSet();
        var people = await db.People.AsNoTracking()
            .Where(p => optedIn.Contains(p.Id) && p.AnonymisedAt == null)
            .OrderBy(p => p.KanaSortKey).ToListAsync(cancellationToken);
        // Routed in bulk (thousands may have asked for it); those on the call list are phoned no newsletter.
        var toTell = people.Where(p => !already.Contains(p.Id)).ToList();
        var routes = await router.RouteManyAsync(toTell, cancellationToken);
        var recipients = toTell.Select(p => (Person: p, Route: routes[p.Id])).Where(r => r.Route.Channel != NoticeChannel.CallList).ToList();
        if (recipients.Count == 0) return 0;

        var entries = await schedule.MonthAsync(month.Year, month.Month, cancellationToken: cancellationToken);
        var attachment = StoredPdf(month, entries);
        var sessions = entries.Where(e => !e.Cancelled).Select(e => new ScheduleLine(PeopleDates.ShortDate(e.Start, "ja"), PeopleDates.ShortDate(e.Start, "en"),
            PeopleDates.TimeRange(e.Start, e.End, "ja"), e.Program, e.Number, e.Venue, e.Area ?? "", links.Absolute(SiteLinks.Course(e.CourseId)),
            string.IsNullOrEmpty(e.OrganiserPhone) ? "" : $"{e.Organiser} {e.OrganiserPhone}")).ToList();
        var queued = 0;
        foreach (var (person, route) in recipients)
        {
            var model = new MonthlyScheduleEmail(person.FullName, $"{month.Month}月", PeopleDates.Month(month, "en"), sessions,
                links.Absolute(SiteLinks.Schedule(monthKey)), links.Absolute(SiteLinks.MyPage(person.AccessToken)));
            if ((await sender.SendAsync(person, new Notice(prefix + person.Id, "monthly-schedule", model, EmailCategory.MonthlySchedule, model.ScheduleUrl,
                    Attachments: [attachment]), route, cancellationToken)).Queued)
                queued++;
        }
        logger.LogInformation("Monthly schedule for {Month}: {Count} queued (email, LINE, SMS)", monthKey, queued);
        return queued;
    }

    /// <summary>The month's schedule PDF, written once under Site:DataDirectory and attached by reference.</summary>
    private EmailAttachment StoredPdf(DateOnly month, List<ScheduleEntry> entries)
    {
        var relative = Path.Combine("mail-attachments", $"schedule-{month:yyyy-MM}.pdf");
        var path = Path.Combine(site.Value.DataDirectory, relative);
        if (!File.Exists(path)) Training.Storage.Files.WriteAtomically(path, pdf.Render(month.Year, month.Month, entries));
        return new EmailAttachment($"schedule-{month:yyyy-MM}.pdf", "application/pdf", null, relative);
    }
}
