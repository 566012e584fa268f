using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Attendance;
using Training.Courses;
using Training.Data;
using Training.Notifications;
using Training.People;
using Training.Time;

namespace Training.Registrations;

/// <summary>
/// Tells people what happened to their registration: by email through the outbox, or, for someone without
/// email, as an entry on the coordinators' call list. Keys make each notice once-only.
/// </summary>
public class RegistrationNotifier(TrainingDbContext db, EmailOutbox outbox, CheckInPasses passes, SiteClock clock, IOptions<SiteOptions> site)
{
    public Task RegisteredAsync(Registration registration, CancellationToken cancellationToken) =>
        NotifyAsync(registration, registration.Status == RegistrationStatus.Confirmed ? "registration-confirmed" : "registration-waitlisted",
            $"{registration.RegisteredAt.Ticks}", callIfNoEmail: false, cancellationToken);

    /// <summary>
    /// Someone submitted a public form for a course the person is already on: the person is told at the email on record
    /// (at most once a day), so a real resident who forgot learns their status and nobody else learns anything.
    /// </summary>
    public Task AlreadyRegisteredAsync(Registration registration, CancellationToken cancellationToken) =>
        NotifyAsync(registration, registration.Status == RegistrationStatus.Confirmed ? "registration-confirmed" : "registration-waitlisted",
            $"again:{clock.Today:yyyyMMdd}", callIfNoEmail: false, cancellationToken);

    public Task CancelledAsync(Registration registration, CancellationToken cancellationToken) =>
        NotifyAsync(registration, "registration-cancelled", $"{registration.CancelledAt?.Ticks}", callIfNoEmail: false, cancellationToken);

    /// <summary>Promotion is news the person did not ask for today: without email, a coordinator phones them.</summary>
    public Task PromotedAsync(Registration registration, CancellationToken cancellationToken) =>
        NotifyAsync(registration, "registration-promoted", $"{registration.PromotedAt?.Ticks}", callIfNoEmail: true, cancellationToken);

    private async Task NotifyAsync(Registration registration, string template, string occurrence, bool callIfNoEmail, CancellationToken cancellationToken)
    {
        var person = await db.People.FindAsync([registration.PersonId], cancellationToken)
            ?? throw new InvalidOperationException($"Person {registration.PersonId} not found");
        if (!person.HasEmail && !callIfNoEmail) return;
        var course = await db.Courses.AsNoTracking().Include(c => c.Program).FirstAsync(c => c.Id == registration.CourseId, cancellationToken);
        var sessions = await db.Sessions.AsNoTracking()
            .Where(s => s.CourseId == course.Id && s.Status == SessionStatus.Scheduled)
            .OrderBy(s => s.StartsAt).ToListAsync(cancellationToken);
        var key = $"{template}:{registration.Id}:{occurrence}";

        if (person.HasEmail)
        {
            var model = Model(person, course, sessions, registration);
            model["position"] = registration.Status == RegistrationStatus.Waitlisted
                ? (await Registration.WaitlistPlaces(db.Registrations, [registration.Id], cancellationToken)).GetValueOrDefault(registration.Id)
                : null;
            IReadOnlyList<EmailAttachment>? attachments = null;
            if (registration.Status == RegistrationStatus.Confirmed)
            {
                // The QR code a coordinator scans at the door; valid until the day after the last session.
                var expires = (sessions.Count > 0 ? sessions[^1].EndsAt : clock.UtcNow.AddYears(1)).AddDays(1);
                var pass = passes.For(registration.Id, expires);
                model["checkin_url"] = pass.Url;
                attachments = [new EmailAttachment("checkin-qr.png", "image/png", null, pass.PngPath)];
            }
            await outbox.QueueAsync(new EmailRequest(key, template, person.PreferredLanguage, person.Email!, person.FullName,
                model, EmailCategory.Essential, person.Id, attachments), cancellationToken);
        }
        else if (callIfNoEmail)
        {
            if (await db.CallList.AnyAsync(c => c.IdempotencyKey == key, cancellationToken)) return;
            db.CallList.Add(new CallListEntry
            {
                IdempotencyKey = key,
                PersonId = person.Id,
                Kind = template,
                Message = $"{course.Program!.Name}（{course.Title}）のキャンセル待ちから参加が決まりました。お電話でお伝えください。",
                DueOn = clock.Today,
                CreatedAt = clock.UtcNow,
            });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private Dictionary<string, object?> Model(Person person, Course course, List<Session> sessions, Registration registration)
    {
        var baseUrl = site.Value.PublicBaseUrl.TrimEnd('/');
        return new Dictionary<string, object?>
        {
            ["name"] = person.FullName,
            ["program"] = course.Program!.Name,
            ["course"] = course.Title,
            ["venue"] = course.Venue,
            // Only what is still to come: a monthly club joined in November need not list the spring.
            ["sessions"] = sessions.Where(s => s.EndsAt >= clock.UtcNow).Select(s => new Dictionary<string, object?>
            {
                ["number"] = s.SequenceNumber,
                ["date"] = JapaneseDates.FullDate(DateOnly.FromDateTime(clock.ToLocal(s.StartsAt))),
                ["date_en"] = clock.ToLocal(s.StartsAt).ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB")),
                ["time"] = $"{clock.ToLocal(s.StartsAt):HH:mm}〜{clock.ToLocal(s.EndsAt):HH:mm}",
                ["venue"] = Session.VenueOf(s.Venue, course.Venue),
                ["topic"] = s.Topic,
            }).ToList(),
            // The link in the email opens the page with this registration's outcome at the top.
            ["my_url"] = $"{baseUrl}/My/{person.AccessToken}?done={registration.Id}",
            ["course_url"] = $"{baseUrl}/Courses/{course.Id}",
        };
    }
}
