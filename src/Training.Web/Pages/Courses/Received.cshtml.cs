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
public class ReceivedModel(TrainingDbContext db, ScheduleQuery schedule, Training.Organisations.ContactNumbers contacts, Training.Time.SiteClock clock,
    Training.Registrations.BookingSlips slips) : PageModel
{
    /// <summary>TempData: the booking a new resident just made (its id), shown to that browser only.</summary>
    public const string BookedKey = "received-booking";
    /// <summary>TempData: the details matched someone on record; what the form chose ("all", or "number:one|every").</summary>
    public const string OnRecordKey = "received-on-record";

    public DateTime Now => clock.UtcNow;
    public Course Course { get; private set; } = null!;
    public IReadOnlyList<ScheduleEntry> Sessions { get; private set; } = [];
    /// <summary>The office that runs the course.</summary>
    public Training.Organisations.ContactNumber Office { get; private set; } = null!;
    public Training.Registrations.BookingSlip? Slip { get; private set; }
    /// <summary>The details were those of someone on record: told through the contact on record, with what the form chose.</summary>
    public bool OnRecord { get; private set; }
    /// <summary>The sessions the form chose (for someone on record), or null to show the course's schedule.</summary>
    public IReadOnlyList<ScheduleEntry>? Chosen { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Include(c => c.Program)
            .Where(Course.Public).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (course is null) return NotFound();
        Course = course;
        Sessions = (await schedule.ForCoursesAsync([id], cancellationToken)).Where(s => !s.Cancelled && s.EndUtc >= Now).ToList();
        Office = await contacts.ForCourseAsync(db, id, cancellationToken);
        // Peeked, not read: a refresh shows the same, and the cookie holding it is this browser's alone.
        if (TempData.Peek(BookedKey) is int bookingId && await slips.ForAsync(bookingId, cancellationToken) is { } slip && slip.CourseId == id)
            Slip = slip;
        else if (TempData.Peek(OnRecordKey) is string chosen)
        {
            OnRecord = true;
            var parts = chosen.Split(':');
            Chosen = parts.Length == 2 && int.TryParse(parts[0], out var from)
                ? Sessions.Where(s => parts[1] == "every" ? s.Number >= from : s.Number == from).ToList()
                : Sessions;
        }
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
