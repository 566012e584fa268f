using Microsoft.AspNetCore.Mvc.RazorPages;
using Training.Courses;
using Training.Time;

namespace Training.Web.Pages;

/// <summary>The public home page: what this is, and the next sessions anyone can join.</summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Training.Web.Hosting.WebSetup.PublicPages)]
public class IndexModel(ScheduleQuery schedule, SiteClock clock, Training.Organisations.ContactNumbers contacts) : PageModel
{
    public Training.Organisations.ContactNumber Contact => contacts.General;

    public IReadOnlyList<ScheduleEntry> Upcoming { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        Upcoming = (await schedule.BetweenAsync(now, now.AddDays(92), cancellationToken: cancellationToken))
            .Where(s => !s.Cancelled).Take(8).ToList();
    }
}
