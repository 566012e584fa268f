using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;
using Training.Registrations;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Courses;

/// <summary>Every course the coordinator may manage, with seats taken and the next date.</summary>
public class IndexModel(TrainingDbContext db, StaffScope scope, SiteClock clock) : PageModel
{
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public record Row(int Id, string Program, string Title, string? Area, CourseStatus Status, int Capacity, int Confirmed, int Waitlisted,
        int Sessions, DateTime? NextSession);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var areas = await scope.AreaIdsAsync(cancellationToken);
        var now = clock.UtcNow;
        var courses = db.Courses.AsNoTracking();
        if (areas.Count > 0) courses = courses.Where(c => c.AreaId != null && areas.Contains(c.AreaId.Value));
        var rows = await courses
            .OrderBy(c => c.Status == CourseStatus.Finished || c.Status == CourseStatus.Cancelled)
            .ThenBy(c => c.Program!.NameKana).ThenBy(c => c.Id)
            .Select(c => new
            {
                c.Id, Program = c.Program!.Name, c.Title, Area = c.Area != null ? c.Area.Name : null, c.Status, c.Capacity,
                Confirmed = db.Registrations.Count(r => r.CourseId == c.Id && r.Status == RegistrationStatus.Confirmed),
                Waitlisted = db.Registrations.Count(r => r.CourseId == c.Id && r.Status == RegistrationStatus.Waitlisted),
                Sessions = c.Sessions.Count,
                Next = c.Sessions.Where(s => s.StartsAt >= now && s.Status == SessionStatus.Scheduled).Min(s => (DateTime?)s.StartsAt),
            })
            .ToListAsync(cancellationToken);
        Rows = rows.Select(r => new Row(r.Id, r.Program, r.Title, r.Area, r.Status, r.Capacity, r.Confirmed, r.Waitlisted, r.Sessions,
            r.Next is null ? null : clock.ToLocal(r.Next.Value))).ToList();
    }
}
