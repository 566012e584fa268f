using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Courses;
using Training.Data;
using Training.Notifications;
using Training.Notifications.Channels;
using Training.People;
using Training.Time;

namespace Training.Qualifications;

/// <summary>
/// Daily: reminds holders whose qualification expires within each configured offset (e.g. 90 and 30 days), once per
/// offset and expiry date, with the next renewal course where there is one: by the holder's notice channel (email, LINE,
/// SMS; <see cref="NoticeSender"/>). Those whose notices go to the call list are not phoned about it, as before.
/// </summary>
public class QualificationExpiryJob(TrainingDbContext db, NoticeRouter router, NoticeSender sender, SiteClock clock, IOptions<QualificationOptions> options, SiteLinks links)
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
                .Where(q => q.Person!.AnonymisedAt == null)
                .ToListAsync(cancellationToken);
            foreach (var qualification in due.Where(q => !optedOut.Contains(q.PersonId)))
            {
                var person = qualification.Person!;
                var key = $"qualification-expiring:{qualification.Id}:{days}:{qualification.ExpiresAt:yyyyMMdd}";
                if (await sender.QueuedAsync(key, cancellationToken)) continue;
                // One route per reminder for now: a day's new reminders are few.
                var route = await router.RouteAsync(person, cancellationToken);
                if (route.Channel == NoticeChannel.CallList) continue;
                var renewal = await db.Courses.AsNoTracking()
                    .Where(c => c.Program!.RenewsQualificationTypeId == qualification.QualificationTypeId && c.Status == CourseStatus.Open)
                    .Where(c => c.Sessions.Any(s => s.StartsAt > now))
                    .Select(c => new { c.Id, Program = c.Program!.Name, c.Title })
                    .FirstOrDefaultAsync(cancellationToken);
                var myUrl = links.Absolute(SiteLinks.MyPage(person.AccessToken));
                var model = new QualificationExpiringEmail(person.FullName, qualification.QualificationType!.Name,
                    JapaneseDates.LongWareki(DateOnly.FromDateTime(clock.ToLocal(qualification.ExpiresAt!.Value))),
                    renewal is null ? null : $"{renewal.Program}（{renewal.Title}）",
                    renewal is null ? null : links.Absolute(SiteLinks.Course(renewal.Id)), myUrl);
                await sender.SendAsync(person, new Notice(key, "qualification-expiring", model, EmailCategory.Qualification, myUrl), route, cancellationToken);
            }
        }
    }
}
