using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Attendance;
using Training.Courses;
using Training.Data;
using Training.Registrations;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Courses;

/// <summary>Downloads the course's attendance grid (people × sessions) as a PDF.</summary>
public class AttendanceGridModel(TrainingDbContext db, StaffScope scope, SiteClock clock, AttendanceGridPdf pdf, StaffAudit audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var (course, refusal) = await scope.CourseAsync(id, cancellationToken);
        if (course is null) return refusal!;
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.CourseId == id).OrderBy(s => s.StartsAt).ToListAsync(cancellationToken);
        var people = await db.Registrations.AsNoTracking().Include(r => r.Person)
            .Where(r => r.CourseId == id && r.Status == RegistrationStatus.Confirmed)
            .OrderBy(r => r.Person!.KanaSortKey).ToListAsync(cancellationToken);
        var sessionIds = sessions.Select(s => s.Id).ToList();
        var marks = await db.Attendance.AsNoTracking().Where(a => sessionIds.Contains(a.SessionId)).ToListAsync(cancellationToken);
        // Make-ups from another run are on the rosters of the sessions they came to: on the grid too.
        var listed = people.Select(r => r.PersonId).ToHashSet();
        var visitors = await db.People.AsNoTracking().Where(p => marks.Select(m => m.PersonId).Distinct().Contains(p.Id)).ToListAsync(cancellationToken);
        people.AddRange(visitors.Where(p => !listed.Contains(p.Id)).Select(p => Registration.Of(p, id)));
        people = people.OrderBy(r => r.Person!.KanaSortKey, StringComparer.Ordinal).ThenBy(r => r.PersonId).ToList();
        var completed = await db.Completions.AsNoTracking().Where(c => c.CourseId == id && c.Status == CompletionStatus.Completed).Select(c => c.PersonId).ToListAsync(cancellationToken);
        var bytes = pdf.Render(course.Program!.Name, course.Title,
            sessions.Select(s => new GridSession(s.SequenceNumber, DateOnly.FromDateTime(clock.ToLocal(s.StartsAt)), s.Status == SessionStatus.Cancelled)).ToList(),
            people.Select(r => new GridPerson(r.Person!.FullNameKana, r.Person.FullName,
                sessions.Select(s => marks.FirstOrDefault(m => m.SessionId == s.Id && m.PersonId == r.PersonId)?.Status).ToList(),
                completed.Contains(r.PersonId))).ToList());
        await audit.RecordAsync(Training.Audit.AuditAction.PrintAttendanceGrid, Training.Audit.AuditTarget.Of(course), $"{people.Count} people", cancellationToken);
        return File(bytes, "application/pdf", $"attendance-{id}.pdf");
    }
}
