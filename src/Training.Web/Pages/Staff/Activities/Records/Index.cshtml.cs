using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.Data;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Activities.Records;

/// <summary>An activity's records month by month: who, when, how long, visits, confirmed or waiting or cancelled, each leading to its correction.</summary>
public class IndexModel(TrainingDbContext db, StaffScope scope, SiteClock clock) : PageModel
{
    public sealed record Row(int Id, int PersonId, string Name, string Kana, DateOnly Date, TimeOnly Start, int Minutes, int Visits, RecordStatus Status, bool Cancelled,
        RecordSource Source, string Note, string CancelReason);

    public LocalActivity Activity { get; private set; } = null!;
    public DateOnly Month { get; private set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Pending { get; private set; }
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, string? month, CancellationToken cancellationToken)
    {
        var activity = await db.LocalActivities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (activity is null) return NotFound();
        if (!await scope.AllowsAsync(activity.AreaId, cancellationToken)) return Forbid();
        Activity = activity;
        var today = clock.Today;
        Month = DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? first : new DateOnly(today.Year, today.Month, 1);
        var next = Month.AddMonths(1);
        Rows = (await db.ActivityRecords.AsNoTracking().Where(r => r.LocalActivityId == id && r.Date >= Month && r.Date < next)
                .Join(db.People, r => r.PersonId, p => p.Id, (r, p) => new { r, p.FamilyName, p.GivenName, p.FamilyNameKana, p.GivenNameKana, p.KanaSortKey })
                .OrderBy(x => x.r.Date).ThenBy(x => x.r.StartTime).ThenBy(x => x.KanaSortKey).ThenBy(x => x.r.Id)
                .ToListAsync(cancellationToken))
            .Select(x => new Row(x.r.Id, x.r.PersonId, $"{x.FamilyName} {x.GivenName}".Trim(), $"{x.FamilyNameKana} {x.GivenNameKana}".Trim(), x.r.Date, x.r.StartTime,
                x.r.Minutes, x.r.Visits, x.r.Status, x.r.CancelledAt != null, x.r.Source, x.r.Note, x.r.CancelReason))
            .ToList();
        Pending = await db.ActivityRecords.CountAsync(r => r.LocalActivityId == id && r.Status == RecordStatus.Pending && r.CancelledAt == null, cancellationToken);
        return Page();
    }
}
