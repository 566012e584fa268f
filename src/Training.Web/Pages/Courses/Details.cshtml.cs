using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;
using Training.Time;

namespace Training.Web.Pages.Courses;

/// <summary>One course for residents: what it is, every date, seats, and the way to sign up.</summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Training.Web.Hosting.WebSetup.PublicPages)]
public class DetailsModel(TrainingDbContext db, ScheduleQuery schedule, SiteClock clock, Training.Organisations.ContactNumbers contacts,
    Training.Attendance.CompletionService completions, Microsoft.Extensions.Options.IOptions<Training.Configuration.SiteOptions> site) : PageModel
{
    public Course Course { get; private set; } = null!;
    /// <summary>The number of the organisation running the course.</summary>
    public Training.Organisations.ContactNumber Contact { get; private set; } = null!;
    /// <summary>A map of the venue's address, where the city configured a map (Site:MapUrlPattern).</summary>
    public string? MapUrl => site.Value.MapUrl(Course.VenueAddress);
    public IReadOnlyList<ScheduleEntry> Sessions { get; private set; } = [];
    public bool RegistrationOpen { get; private set; }
    public int SeatsLeft { get; private set; }
    public int Waiting { get; private set; }
    /// <summary>An open activity is booked by the session: each session still to come has its own link.</summary>
    public bool ByTheSession => Course.Program!.Kind == ProgramKind.Activity;
    public DateTime Now => clock.UtcNow;
    /// <summary>Sessions already held leave a newcomer unable to meet the completion rule: said before the form.</summary>
    public bool NewcomerCannotComplete { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Include(c => c.Program).Include(c => c.Area).Include(c => c.Organisation)
            .Where(Course.Public).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (course is null) return NotFound();
        Course = course;
        Contact = await contacts.ForCourseAsync(db, id, cancellationToken);
        Sessions = await schedule.ForCoursesAsync([id], cancellationToken);
        // The next session still on: a cancelled one takes no booking, but the run goes on.
        var upcoming = Sessions.FirstOrDefault(s => s.EndUtc >= clock.UtcNow && !s.Cancelled) ?? Sessions.LastOrDefault();
        RegistrationOpen = upcoming?.RegistrationOpen ?? false;
        SeatsLeft = upcoming?.SeatsLeft ?? course.Capacity;
        Waiting = upcoming?.Waiting ?? 0;
        NewcomerCannotComplete = RegistrationOpen && course.Program!.IssuesCertificate && !await completions.NewcomerCanCompleteAsync(id, cancellationToken);
        return Page();
    }
}
