using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Courses;
using Training.Data;
using Training.Notifications;
using Training.Staff;
using Training.Time;

namespace Training.Attendance;

/// <summary>
/// Emails for coordinators: a session's attendance is still missing, or a participant can no longer complete.
/// Sent to the course's coordinator, or to the administrators when the course has none; each alert once.
/// </summary>
public class StaffAlerts(TrainingDbContext db, EmailOutbox outbox, SiteClock clock, SiteLinks links)
{
    public async Task AttendanceMissingAsync(Session session, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Include(c => c.Program).FirstAsync(c => c.Id == session.CourseId, cancellationToken);
        var start = clock.ToLocal(session.StartsAt);
        await SendAsync(course, $"attendance-missing:{session.Id}", "staff-attendance-missing", new AttendanceMissingEmail(
            course.Program!.Name, course.Title, session.SequenceNumber, PeopleDates.Date(start, "ja"), $"{start:HH:mm}",
            links.Absolute(SiteLinks.StaffRoster(session.Id))), cancellationToken);
    }

    public async Task CompletionAtRiskAsync(int registrationId, CompletionAssessment assessment, CancellationToken cancellationToken)
    {
        var registration = await db.Registrations.AsNoTracking().Include(r => r.Person).Include(r => r.Course!).ThenInclude(c => c.Program)
            .FirstAsync(r => r.Id == registrationId, cancellationToken);
        await SendAsync(registration.Course!, $"completion-at-risk:{registrationId}", "staff-completion-at-risk", new CompletionAtRiskEmail(
            registration.Course!.Program!.Name, registration.Course.Title, registration.Person!.FullName, registration.Person.FullNameKana,
            assessment.Attended, assessment.Required, assessment.Planned, links.Absolute(SiteLinks.StaffPerson(registration.PersonId))), cancellationToken);
    }

    private async Task SendAsync(Course course, string key, string template, EmailModel model, CancellationToken cancellationToken)
    {
        var recipients = await db.Users.AsNoTracking().Where(u => u.Id == course.CoordinatorId && u.Email != null)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.PreferredLanguage }).ToListAsync(cancellationToken);
        if (recipients.Count == 0)
        {
            var adminRole = await db.Roles.Where(r => r.Name == StaffRoles.Admin).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
            recipients = await db.Users.AsNoTracking()
                .Where(u => u.Email != null && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRole))
                .Select(u => new { u.Id, u.Email, u.DisplayName, u.PreferredLanguage }).ToListAsync(cancellationToken);
        }
        foreach (var recipient in recipients)
            await outbox.QueueAsync(new EmailRequest($"{key}:{recipient.Id}", template, recipient.PreferredLanguage, recipient.Email!,
                recipient.DisplayName, model, EmailCategory.Staff), cancellationToken);
    }
}
