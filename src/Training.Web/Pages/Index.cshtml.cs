using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;
using Training.Registrations;
using Training.Time;

namespace Training.Web.Pages;

/// <summary>The public home page: what this is, and the next sessions anyone can join.</summary>
public class IndexModel(TrainingDbContext db, SiteClock clock) : PageModel
{
    public IReadOnlyList<UpcomingSession> Upcoming { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var sessions = await db.Sessions.AsNoTracking()
            .Where(s => s.StartsAt >= now && s.Status == SessionStatus.Scheduled)
            .Where(s => s.Course!.Program!.IsPublic && s.Course.Status == CourseStatus.Open)
            .OrderBy(s => s.StartsAt)
            .Take(8)
            .Select(s => new
            {
                s.Id, s.StartsAt, s.EndsAt, s.Venue, s.Topic, s.SequenceNumber, s.CourseId,
                Program = s.Course!.Program!.Name, ProgramKind = s.Course.Program.Kind, s.Course.Capacity,
                Area = s.Course.Area != null ? s.Course.Area.Name : null,
                Confirmed = db.Registrations.Count(r => r.CourseId == s.CourseId && r.Status == RegistrationStatus.Confirmed),
            })
            .ToListAsync(cancellationToken);
        Upcoming = sessions.Select(s => new UpcomingSession(
            s.Id, clock.ToLocal(s.StartsAt), clock.ToLocal(s.EndsAt), s.Program, s.ProgramKind, s.SequenceNumber, s.Topic,
            s.Venue, s.Area, Math.Max(0, s.Capacity - s.Confirmed))).ToList();
    }

    public record UpcomingSession(int Id, DateTime Start, DateTime End, string Program, ProgramKind Kind, int Number,
        string Topic, string Venue, string? Area, int SeatsLeft);
}
