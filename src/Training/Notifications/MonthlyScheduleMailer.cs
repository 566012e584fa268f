using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Time;

namespace Training.Notifications;

/// <summary>
/// From the configured day of each month, next month's schedule to every resident who asked for it: the list in the
/// email and the printable A4 schedule attached. The PDF is made once per month and shared by all the messages;
/// keys (month, person) make the daily run idempotent and reach people who opt in after the day.
/// </summary>
public class MonthlyScheduleMailer(TrainingDbContext db, EmailOutbox outbox, ScheduleQuery schedule, MonthlySchedulePdf pdf, SiteClock clock,
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
        var already = (await db.OutboundEmails.AsNoTracking().Where(e => e.IdempotencyKey.StartsWith($"monthly-schedule:{monthKey}:"))
            .Select(e => e.PersonId).ToListAsync(cancellationToken)).ToHashSet();
        var recipients = await db.People.AsNoTracking()
            .Where(p => optedIn.Contains(p.Id) && p.Email != null && p.Email != "" && p.AnonymisedAt == null)
            .OrderBy(p => p.KanaSortKey).ToListAsync(cancellationToken);
        recipients = recipients.Where(p => !already.Contains(p.Id)).ToList();
        if (recipients.Count == 0) return 0;

        var entries = await schedule.MonthAsync(month.Year, month.Month, cancellationToken: cancellationToken);
        var attachment = StoredPdf(month, entries);
        var sessions = entries.Where(e => !e.Cancelled).Select(e => new ScheduleLine(PeopleDates.ShortDate(e.Start, "ja"), PeopleDates.ShortDate(e.Start, "en"),
            PeopleDates.TimeRange(e.Start, e.End, "ja"), e.Program, e.Number, e.Venue, e.Area ?? "", links.Absolute(SiteLinks.Course(e.CourseId)),
            string.IsNullOrEmpty(e.OrganiserPhone) ? "" : $"{e.Organiser} {e.OrganiserPhone}")).ToList();
        var queued = 0;
        foreach (var person in recipients)
        {
            var model = new MonthlyScheduleEmail(person.FullName, $"{month.Month}月", PeopleDates.Month(month, "en"), sessions,
                links.Absolute(SiteLinks.Schedule(monthKey)), links.Absolute(SiteLinks.MyPage(person.AccessToken)));
            if (await outbox.QueueAsync(new EmailRequest($"monthly-schedule:{monthKey}:{person.Id}", "monthly-schedule", person.PreferredLanguage,
                    person.Email!, person.FullName, model, EmailCategory.MonthlySchedule, person.Id, [attachment]), cancellationToken) is not null)
                queued++;
        }
        logger.LogInformation("Monthly schedule for {Month}: {Count} emails queued", monthKey, queued);
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
