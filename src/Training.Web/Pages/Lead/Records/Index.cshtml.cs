using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.Leaders;
using Training.Web.Leaders;

namespace Training.Web.Pages.Lead.Records;

/// <summary>
/// A group leader's activity records (issue 28, deliver 4), on a phone or a tablet: helpers' own records at the group's
/// local activity waiting for confirmation first — confirmed (they count from then on) or not recorded, with a reason —
/// then the group's recent records. Names and furigana only. Changes go through <see cref="ActivityRecords"/> with the
/// leader's reach (<see cref="LedGroup.Records"/>) and the leader as the actor; a group without a local activity is
/// told so, and who to ask.
/// </summary>
public class IndexModel(TrainingDbContext db, LeaderScope scope, ActivityRecords records, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed record Row(int Id, string Name, string Kana, DateOnly Date, TimeOnly Start, int Minutes, int Visits, RecordStatus Status, bool Cancelled,
        RecordSource Source, string Note, string CancelReason);

    /// <summary>How many of the latest records are listed below those waiting.</summary>
    public const int RecentShown = 40;

    public LedGroup Group { get; private set; } = null!;
    /// <summary>The group's local activity; null when it has none (the page says who to ask).</summary>
    public LocalActivity? Activity { get; private set; }
    /// <summary>The group's district, to say whose coordinator to ask; null for a city-wide group.</summary>
    public string? AreaName { get; private set; }
    public IReadOnlyList<Row> Pending { get; private set; } = [];
    public IReadOnlyList<Row> Recent { get; private set; } = [];
    [TempData] public string? Message { get; set; }
    [TempData] public string? Problem { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await scope.GroupAsync(cancellationToken) is not { } group) return Forbid();
        Group = group;
        if (group.LocalActivityId is not { } activityId)
        {
            AreaName = group.AreaId is { } area ? await db.Areas.AsNoTracking().Where(a => a.Id == area).Select(a => a.Name).FirstOrDefaultAsync(cancellationToken) : null;
            return Page();
        }
        Activity = await db.LocalActivities.AsNoTracking().FirstAsync(a => a.Id == activityId, cancellationToken);
        var rows = db.ActivityRecords.AsNoTracking().Where(r => r.LocalActivityId == activityId)
            .Join(db.People, r => r.PersonId, p => p.Id, (r, p) => new { r, p.FamilyName, p.GivenName, p.FamilyNameKana, p.GivenNameKana, p.KanaSortKey });
        var waiting = rows.Where(x => x.r.Status == RecordStatus.Pending && x.r.CancelledAt == null);
        Pending = (await waiting.OrderBy(x => x.r.Date).ThenBy(x => x.r.StartTime).ThenBy(x => x.r.Id).Take(200).ToListAsync(cancellationToken))
            .Select(x => RowOf(x.r, x.FamilyName, x.GivenName, x.FamilyNameKana, x.GivenNameKana)).ToList();
        Recent = (await rows.Where(x => x.r.Status != RecordStatus.Pending || x.r.CancelledAt != null)
                .OrderByDescending(x => x.r.Date).ThenByDescending(x => x.r.StartTime).ThenBy(x => x.KanaSortKey).ThenBy(x => x.r.Id).Take(RecentShown).ToListAsync(cancellationToken))
            .Select(x => RowOf(x.r, x.FamilyName, x.GivenName, x.FamilyNameKana, x.GivenNameKana)).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(int recordId, CancellationToken cancellationToken)
    {
        if (await scope.GroupAsync(cancellationToken) is not { Records: { } reach }) return Forbid();
        return Answer(await records.ConfirmAsync(recordId, reach, scope.Actor, cancellationToken), t["記録を確認しました。"]);
    }

    /// <summary>「記録しない」: it did not happen so; the helper's record is cancelled with the reason and kept on record.</summary>
    public async Task<IActionResult> OnPostRefuseAsync(int recordId, string? reason, CancellationToken cancellationToken)
    {
        if (await scope.GroupAsync(cancellationToken) is not { Records: { } reach }) return Forbid();
        return Answer(await records.CancelAsync(recordId, reason, refuse: true, reach, scope.Actor, cancellationToken), t["記録しないことにしました。"]);
    }

    private IActionResult Answer(RecordChange outcome, LocalizedString saved)
    {
        switch (outcome)
        {
            case RecordChange.NotFound: return NotFound();
            case RecordChange.OutOfScope: return Forbid();
            case RecordChange.Invalid invalid: Problem = string.Join(" ", invalid.Problems.Select(p => t[p.Message].Value)); break;
            default: Message = saved; break;
        }
        return RedirectToPage();
    }

    private static Row RowOf(ActivityRecord r, string family, string given, string familyKana, string givenKana) =>
        new(r.Id, $"{family} {given}".Trim(), $"{familyKana} {givenKana}".Trim(), r.Date, r.StartTime, r.Minutes, r.Visits, r.Status, r.CancelledAt != null,
            r.Source, r.Note, r.CancelReason);
}
