using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Courses;
using Training.Data;
using Training.Notifications;
using Training.People;
using Training.Time;

namespace Training.Qualifications;

/// <summary>
/// Daily: reminds holders whose qualification expires within each configured offset (e.g. 90 and 30 days), once per
/// offset and expiry date, with the next renewal course where there is one.
/// </summary>
public class QualificationExpiryJob(TrainingDbContext db, EmailOutbox outbox, SiteClock clock, IOptions<QualificationOptions> options, SiteLinks links)
{
    public const string RecurringId = "qualification-expiry";

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Remind holders of expiring qualifications")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var optedOut = (await db.LatestConsentsAsync(People.ConsentPurpose.QualificationEmail, cancellationToken: cancellationToken))
            .Where(c => !c.Value).Select(c => c.Key).ToHashSet();
        foreach (var days in options.Value.ReminderDays().OrderByDescending(d => d))
        {
            var horizon = now.AddDays(days);
            var due = await db.Qualifications.AsNoTracking().Include(q => q.Person).Include(q => q.QualificationType)
                .Where(q => q.WithdrawnAt == null && q.ExpiresAt != null && q.ExpiresAt > now && q.ExpiresAt <= horizon)
                .Where(q => q.Person!.Email != null && q.Person.AnonymisedAt == null)
                .ToListAsync(cancellationToken);
            foreach (var qualification in due.Where(q => !optedOut.Contains(q.PersonId)))
            {
                var renewal = await db.Courses.AsNoTracking()
                    .Where(c => c.Program!.RenewsQualificationTypeId == qualification.QualificationTypeId && c.Status == CourseStatus.Open)
                    .Where(c => c.Sessions.Any(s => s.StartsAt > now))
                    .Select(c => new { c.Id, Program = c.Program!.Name, c.Title })
                    .FirstOrDefaultAsync(cancellationToken);
                var person = qualification.Person!;
                await outbox.QueueAsync(new EmailRequest(
                    $"qualification-expiring:{qualification.Id}:{days}:{qualification.ExpiresAt:yyyyMMdd}", "qualification-expiring", person.PreferredLanguage,
                    person.Email!, person.FullName, new QualificationExpiringEmail(person.FullName, qualification.QualificationType!.Name,
                        JapaneseDates.LongWareki(DateOnly.FromDateTime(clock.ToLocal(qualification.ExpiresAt!.Value))),
                        renewal is null ? null : $"{renewal.Program}（{renewal.Title}）",
                        renewal is null ? null : links.Absolute(SiteLinks.Course(renewal.Id))), EmailCategory.Qualification, person.Id), cancellationToken);
            }
        }
    }
}
