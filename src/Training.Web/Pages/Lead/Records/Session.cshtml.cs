using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.Leaders;
using Training.Time;
using Training.Web.Leaders;

namespace Training.Web.Pages.Lead.Records;

/// <summary>
/// The group leader records a whole session of their group's local activity: the coordinators' form
/// (<see cref="SessionRecordForm"/>, the one partial) with the people already connected to the group listed in 五十音順
/// (<see cref="RecordReach.ConnectedTo"/>: a record there, or introduced to one of its needs and not declined) — never
/// a search over residents. Saved through <see cref="ActivityRecords.RecordSessionAsync"/> with the leader's reach: from
/// the leader, confirmed as typed, audited as theirs.
/// </summary>
public class SessionModel(TrainingDbContext db, LeaderScope scope, ActivityRecords records, SiteClock clock, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>People listed at most (a group's helpers; a larger list would not fit a phone anyway).</summary>
    public const int ListedHelpers = 200;

    public LedGroup Group { get; private set; } = null!;
    public LocalActivity Activity { get; private set; } = null!;
    [BindProperty] public SessionInput Input { get; set; } = new();
    public IReadOnlyList<SessionHelper> Helpers { get; private set; } = [];
    public IReadOnlyDictionary<int, IReadOnlyList<string>> RowProblems { get; private set; } = new Dictionary<int, IReadOnlyList<string>>();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Input.Date = clock.Today;
        return await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (await scope.GroupAsync(cancellationToken) is not { Records: { } reach, LocalActivityId: { } activityId }) return Forbid();
        var outcome = await records.RecordSessionAsync(activityId, Input, reach, scope.Actor, cancellationToken);
        switch (outcome)
        {
            case RecordChange.NotFound: return NotFound();
            case RecordChange.OutOfScope: return Forbid();
            case RecordChange.Saved saved:
                TempData["Message"] = string.Format(t["{0}人の活動を記録しました。"], saved.RecordIds.Count);
                return RedirectToPage("/Lead/Records/Index");
        }
        var shown = await ShowAsync(cancellationToken);
        if (shown is not PageResult) return shown;
        RowProblems = SessionRecordForm.ShowRefusal(ModelState, (RecordChange.Invalid)outcome, Helpers, t);
        return Page();
    }

    /// <summary>The shared session form (<c>_SessionRecordFields</c>) with the group's people.</summary>
    public SessionRecordForm Form(string whenNobody) => new(Input, Helpers, RowProblems, whenNobody);

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        // No local activity: the records page says so and who to ask.
        if (await scope.GroupAsync(cancellationToken) is not { } group) return Forbid();
        if (group.LocalActivityId is not { } activityId) return RedirectToPage("/Lead/Records/Index");
        Group = group;
        Activity = await db.LocalActivities.AsNoTracking().FirstAsync(a => a.Id == activityId, cancellationToken);
        var people = await RecordReach.ConnectedTo(db.People.AsNoTracking(), db, activityId)
            .OrderBy(p => p.KanaSortKey).ThenBy(p => p.Id).Take(ListedHelpers)
            .Select(p => new
            {
                p.Id, p.FamilyName, p.GivenName, p.FamilyNameKana, p.GivenNameKana, p.KanaSortKey,
                Last = db.ActivityRecords.Where(r => r.PersonId == p.Id && r.LocalActivityId == activityId && r.CancelledAt == null).Max(r => (DateOnly?)r.Date),
            })
            .ToListAsync(cancellationToken);
        // By code point, as the leader's other lists order people (the database's collation may differ).
        Helpers = people.OrderBy(p => p.KanaSortKey, StringComparer.Ordinal).ThenBy(p => p.Id)
            .Select(p => new SessionHelper(p.Id, $"{p.FamilyName} {p.GivenName}".Trim(), $"{p.FamilyNameKana} {p.GivenNameKana}".Trim(), p.Last, null))
            .ToList();
        return Page();
    }
}
