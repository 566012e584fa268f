using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Courses;
using Training.Data;

namespace Training.Web.Pages.Courses;

/// <summary>
/// What every public sign-up sees afterwards. It is the same page for a new resident, for someone already on record and
/// for someone already on the course, and it shows only what the schedule already shows anyone: whoever typed a
/// neighbour's name and phone learns nothing. The person's own page is reached through the contact on record.
/// </summary>
public class ReceivedModel(TrainingDbContext db, ScheduleQuery schedule, Training.Organisations.ContactNumbers contacts, Training.Time.SiteClock clock) : PageModel
{
    public DateTime Now => clock.UtcNow;
    public Course Course { get; private set; } = null!;
    public IReadOnlyList<ScheduleEntry> Sessions { get; private set; } = [];
    public string ContactPhone => contacts.General.Phone;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Include(c => c.Program)
            .FirstOrDefaultAsync(c => c.Id == id && c.Program!.IsPublic && c.Status != CourseStatus.Draft, cancellationToken);
        if (course is null) return NotFound();
        Course = course;
        Sessions = await schedule.ForCoursesAsync([id], cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
