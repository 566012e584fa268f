using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Courses.Scheduling;
using Training.Data;
using Training.Time;

namespace Training.Web.Pages.Schedule;

/// <summary>The public monthly schedule, as a list or a calendar, for one area or program if asked.</summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Training.Web.Hosting.WebSetup.PublicPages)]
public class IndexModel(ScheduleQuery schedule, TrainingDbContext db, SiteClock clock, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty(SupportsGet = true)] public int? Area { get; set; }
    [BindProperty(SupportsGet = true)] public int? Program { get; set; }
    [BindProperty(SupportsGet = true)] public string? View { get; set; }

    public DateOnly FirstDay { get; private set; }
    public bool IsCalendar => View == "calendar";
    public IReadOnlyList<ScheduleEntry> Entries { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Areas { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Programs { get; private set; } = [];
    public DateOnly Today => clock.Today;
    public DateTime NowUtc => clock.UtcNow;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!ScheduleMonth.TryParse(Month, out var first))
        {
            if (!string.IsNullOrEmpty(Month)) return RedirectToPage(new { month = (string?)null, Area, Program, View });
            first = new DateOnly(clock.Today.Year, clock.Today.Month, 1);
        }
        FirstDay = first;
        Entries = await schedule.MonthAsync(first.Year, first.Month, Area, Program, cancellationToken);
        Areas = await db.AreasAsync(cancellationToken);
        Programs = await db.ProgramsAsync(publicOnly: true, cancellationToken);
        return Page();
    }

    public string MonthParam(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The holiday's name in the reader's language (the English names are in the resources).</summary>
    public string? HolidayName(DateOnly date) => JapaneseHolidays.NameOf(date) is { } name ? t[name].Value : null;

}
