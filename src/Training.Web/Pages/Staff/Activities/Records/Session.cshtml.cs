using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.People;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Activities.Records;

/// <summary>
/// One form for a whole session of an activity: the day, the start and the duration once, then one row per helper
/// (took part, visits, a duration of their own). The helpers listed are those recorded at the activity before, most
/// recent first, plus anyone found by name among the people this staff member reaches. Saved all or nothing.
/// The buttons to search and to add keep what was typed (one form, no JavaScript).
/// </summary>
public class SessionModel(TrainingDbContext db, StaffScope scope, ActivityRecords records, PeopleDirectory directory, HelperStages stages, SiteClock clock,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public LocalActivity Activity { get; private set; } = null!;
    [BindProperty] public SessionInput Input { get; set; } = new();
    [BindProperty] public string? Q { get; set; }
    public IReadOnlyList<SessionHelper> Helpers { get; private set; } = [];
    public IReadOnlyList<Person> Found { get; private set; } = [];
    public bool Searched { get; private set; }
    /// <summary>Why a helper's row was refused, by person.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>> RowProblems { get; private set; } = new Dictionary<int, IReadOnlyList<string>>();
    /// <summary>Helpers shown on the form at most (the most recent at the activity); others are found by name.</summary>
    public const int ListedHelpers = 60;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        Input.Date = clock.Today;
        return await ShowAsync(id, cancellationToken);
    }

    /// <summary>Finds people by name or furigana (only those this staff member reaches), keeping what was typed.</summary>
    public async Task<IActionResult> OnPostSearchAsync(int id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            Searched = true;
            Found = await directory.SearchAsync(await scope.ReachableAsync(db.People.AsNoTracking().Where(p => p.AnonymisedAt == null), cancellationToken), Q.Trim(), 20, cancellationToken);
        }
        return await ShowAsync(id, cancellationToken);
    }

    /// <summary>Adds a person found by name to the form, ticked.</summary>
    public async Task<IActionResult> OnPostAddAsync(int id, int personId, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (!await scope.ReachesAsync(personId, cancellationToken)) return NotFound();
        if (Input.Rows.All(r => r.PersonId != personId)) Input.Rows.Add(new SessionRow { PersonId = personId, TookPart = true });
        else Input.Rows.First(r => r.PersonId == personId).TookPart = true;
        Q = null;
        return await ShowAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var outcome = await records.RecordSessionAsync(id, Input, RecordReach.Staff(await scope.AreaIdsAsync(cancellationToken)), scope.Actor, cancellationToken);
        switch (outcome)
        {
            case RecordChange.NotFound: return NotFound();
            case RecordChange.OutOfScope: return Forbid();
            case RecordChange.Saved saved:
                TempData["Message"] = string.Format(t["{0}人の活動を記録しました。"], saved.RecordIds.Count);
                return RedirectToPage("/Staff/Activities/Records/Index", new { id, month = $"{Input.Date:yyyy-MM}" });
        }
        var shown = await ShowAsync(id, cancellationToken);
        if (shown is not PageResult) return shown;
        RowProblems = SessionRecordForm.ShowRefusal(ModelState, (RecordChange.Invalid)outcome, Helpers, t);
        return Page();
    }

    private async Task<IActionResult> ShowAsync(int id, CancellationToken cancellationToken)
    {
        var activity = await db.LocalActivities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (activity is null) return NotFound();
        if (!await scope.AllowsAsync(activity.AreaId, cancellationToken)) return Forbid();
        Activity = activity;
        // Helpers recorded here before, the most recent first (then in 五十音順), and anyone added on this form.
        var recent = await db.ActivityRecords.AsNoTracking().Where(r => r.LocalActivityId == id && r.CancelledAt == null)
            .GroupBy(r => r.PersonId).Select(g => new { PersonId = g.Key, Last = g.Max(r => r.Date) })
            .OrderByDescending(g => g.Last).Take(ListedHelpers).ToListAsync(cancellationToken);
        var added = Input.Rows.Select(r => r.PersonId).Where(p => recent.All(r => r.PersonId != p)).ToList();
        var ids = recent.Select(r => r.PersonId).Concat(added).ToList();
        var reachable = await scope.ReachableAsync(db.People.AsNoTracking().Where(p => ids.Contains(p.Id) && p.AnonymisedAt == null), cancellationToken);
        var people = await reachable.Select(p => new { p.Id, p.FamilyName, p.GivenName, p.FamilyNameKana, p.GivenNameKana, p.KanaSortKey }).ToListAsync(cancellationToken);
        var facts = await stages.FactsOf(reachable).ToListAsync(cancellationToken);
        Helpers = people
            .Select(p => new SessionHelper(p.Id, $"{p.FamilyName} {p.GivenName}".Trim(), $"{p.FamilyNameKana} {p.GivenNameKana}".Trim(),
                recent.FirstOrDefault(r => r.PersonId == p.Id)?.Last, facts.FirstOrDefault(f => f.PersonId == p.Id) is { } f ? stages.StageOf(f) : HelperStage.NotTrained))
            .OrderBy(h => h.LastHere is null ? 0 : 1).ThenByDescending(h => h.LastHere)
            .ThenBy(h => people.First(p => p.Id == h.PersonId).KanaSortKey, StringComparer.Ordinal).ToList();
        return Page();
    }

    /// <summary>The shared session form (<c>_SessionRecordFields</c>) with this page's rows.</summary>
    public SessionRecordForm Form(string whenNobody) => new(Input, Helpers, RowProblems, whenNobody);
}
