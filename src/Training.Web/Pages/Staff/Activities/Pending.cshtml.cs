using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Activities;

/// <summary>
/// Records helpers typed on their own page, waiting for a coordinator: confirmed (they count from then on) or refused
/// with a reason (cancelled, kept on record). Only activities of the staff member's districts.
/// </summary>
public class PendingModel(TrainingDbContext db, StaffScope scope, ActivityRecords records, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed record Row(int Id, int ActivityId, string Activity, int PersonId, string Name, string Kana, DateOnly Date, TimeOnly Start, int Minutes, int Visits,
        string Note, DateTime EnteredAt);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public int? Activity { get; set; }
    [TempData] public string? Message { get; set; }
    [TempData] public string? Problem { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var mine = await scope.AreaIdsAsync(cancellationToken);
        var pending = db.ActivityRecords.AsNoTracking().Where(r => r.Status == RecordStatus.Pending && r.CancelledAt == null);
        if (mine.Count > 0) pending = pending.Where(r => r.LocalActivity!.AreaId != null && mine.Contains(r.LocalActivity.AreaId.Value));
        if (Activity is { } activity) pending = pending.Where(r => r.LocalActivityId == activity);
        Rows = (await pending.Join(db.People, r => r.PersonId, p => p.Id, (r, p) => new { r, Activity = r.LocalActivity!.Name, p.FamilyName, p.GivenName, p.FamilyNameKana, p.GivenNameKana })
                .OrderBy(x => x.r.Date).ThenBy(x => x.r.StartTime).ThenBy(x => x.r.Id).Take(200).ToListAsync(cancellationToken))
            .Select(x => new Row(x.r.Id, x.r.LocalActivityId, x.Activity, x.r.PersonId, $"{x.FamilyName} {x.GivenName}".Trim(), $"{x.FamilyNameKana} {x.GivenNameKana}".Trim(),
                x.r.Date, x.r.StartTime, x.r.Minutes, x.r.Visits, x.r.Note, x.r.EnteredAt))
            .ToList();
    }

    public async Task<IActionResult> OnPostConfirmAsync(int recordId, CancellationToken cancellationToken) =>
        Answer(await records.ConfirmAsync(recordId, RecordReach.Staff(await scope.AreaIdsAsync(cancellationToken)), scope.Actor, cancellationToken), t["記録を確認しました。"]);

    /// <summary>「認めない」: the record did not happen so; cancelled with the reason, kept on record.</summary>
    public async Task<IActionResult> OnPostRefuseAsync(int recordId, string? reason, CancellationToken cancellationToken) =>
        Answer(await records.CancelAsync(recordId, reason, refuse: true, RecordReach.Staff(await scope.AreaIdsAsync(cancellationToken)), scope.Actor, cancellationToken), t["記録を認めず、取り消しました。"]);

    private IActionResult Answer(RecordChange outcome, LocalizedString saved)
    {
        switch (outcome)
        {
            case RecordChange.NotFound: return NotFound();
            case RecordChange.OutOfScope: return Forbid();
            case RecordChange.Invalid invalid: Problem = string.Join(" ", invalid.Problems.Select(p => t[p.Message].Value)); break;
            default: Message = saved; break;
        }
        return RedirectToPage(new { activity = Activity });
    }
}
