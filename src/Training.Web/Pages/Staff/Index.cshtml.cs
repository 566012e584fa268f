using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;
using Training.Notifications;
using Training.Registrations;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff;

/// <summary>The coordinator's start page: what is coming up, what needs doing, and whether email is flowing.</summary>
public class IndexModel(TrainingDbContext db, SiteClock clock, StaffScope scope) : PageModel
{
    public int UpcomingSessionCount { get; private set; }
    public int PeopleCount { get; private set; }
    public int PeopleWithoutEmailCount { get; private set; }
    public int PendingEmailCount { get; private set; }
    public int FailedEmailCount { get; private set; }
    public int AttendanceMissingCount { get; private set; }
    public IReadOnlyList<SessionRow> NextSessions { get; private set; } = [];
    public string? DisplayName { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var horizon = now.AddDays(30);
        var areas = await scope.AreaIdsAsync(cancellationToken);
        var sessions = db.Sessions.AsNoTracking().Where(s => s.Status == SessionStatus.Scheduled && s.Course!.Status != CourseStatus.Cancelled);
        var people = db.People.AsNoTracking().Where(p => p.AnonymisedAt == null);
        if (areas.Count > 0)
        {
            sessions = sessions.Where(s => s.Course!.AreaId != null && areas.Contains(s.Course.AreaId.Value));
            people = people.Where(p => p.AreaId != null && areas.Contains(p.AreaId.Value));
        }

        UpcomingSessionCount = await sessions.CountAsync(s => s.StartsAt >= now && s.StartsAt < horizon, cancellationToken);
        AttendanceMissingCount = await sessions.CountAsync(s => s.EndsAt < now && s.AttendanceTakenAt == null, cancellationToken);
        PeopleCount = await people.CountAsync(cancellationToken);
        PeopleWithoutEmailCount = await people.CountAsync(p => p.Email == null || p.Email == "", cancellationToken);
        PendingEmailCount = await db.OutboundEmails.CountAsync(e => e.Status == EmailStatus.Pending || e.Status == EmailStatus.Sending, cancellationToken);
        FailedEmailCount = await db.OutboundEmails.CountAsync(e => e.Status == EmailStatus.Failed, cancellationToken);
        DisplayName = await db.Users.Where(u => u.Id == scope.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);

        var rows = await sessions.Where(s => s.StartsAt >= now)
            .OrderBy(s => s.StartsAt).Take(10)
            .Select(s => new
            {
                s.Id, s.CourseId, s.StartsAt, s.EndsAt, s.SequenceNumber, s.Venue, Program = s.Course!.Program!.Name, Course = s.Course.Title, s.Course.Capacity,
                Confirmed = db.Registrations.Count(r => r.CourseId == s.CourseId && r.Status == RegistrationStatus.Confirmed),
                Waitlisted = db.Registrations.Count(r => r.CourseId == s.CourseId && r.Status == RegistrationStatus.Waitlisted),
                WithoutEmail = db.Registrations.Count(r => r.CourseId == s.CourseId && r.Status == RegistrationStatus.Confirmed && (r.Person!.Email == null || r.Person.Email == "")),
            })
            .ToListAsync(cancellationToken);
        NextSessions = rows.Select(r => new SessionRow(r.Id, r.CourseId, clock.ToLocal(r.StartsAt), clock.ToLocal(r.EndsAt), r.Program, r.Course, r.SequenceNumber,
            r.Venue, r.Confirmed, r.Capacity, r.Waitlisted, r.WithoutEmail)).ToList();
    }

    public record SessionRow(int Id, int CourseId, DateTime Start, DateTime End, string Program, string Course, int Number, string Venue,
        int Confirmed, int Capacity, int Waitlisted, int WithoutEmail);
}
