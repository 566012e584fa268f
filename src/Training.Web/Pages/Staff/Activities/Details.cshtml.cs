using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.People;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Activities;

/// <summary>
/// A local activity with its needs: the needs are added, changed, closed and reopened here, a resident leader is found
/// by name and recorded as organiser, and the activity is ended or resumed. Only within the staff member's districts.
/// </summary>
public class DetailsModel(TrainingDbContext db, StaffScope scope, LocalActivities activities, PeopleDirectory directory, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed record NeedRow(ActivityNeed Need, string? Qualification);
    public LocalActivity Activity { get; private set; } = null!;
    public string Kind { get; private set; } = "";
    public string? Area { get; private set; }
    public string? Organisation { get; private set; }
    public (int Id, string Name)? Leader { get; private set; }
    public string? Program { get; private set; }
    public IReadOnlyList<NeedRow> Needs { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> QualificationTypes { get; private set; } = [];
    public sealed record IntroductionRow(int Id, int NeedId, int PersonId, string Name, string Kana, IntroductionOutcome Outcome, DateOnly? FollowUpOn);
    /// <summary>Everyone introduced to this activity's needs, in 五十音順; those who joined are its helpers.</summary>
    public IReadOnlyList<IntroductionRow> Introductions { get; private set; } = [];
    public IReadOnlyList<Person> Found { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty] public NeedInput Need { get; set; } = new();
    [BindProperty] public List<Weekdays> Days { get; set; } = [];
    /// <summary>The need whose form failed (null: the form to add one).</summary>
    public int? FailedNeed { get; private set; }
    [TempData] public string? Message { get; set; }
    /// <summary>Why the last change was refused (shown as an error, not as news).</summary>
    [TempData] public string? Problem { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        if (!string.IsNullOrWhiteSpace(Q))
            Found = await directory.SearchAsync(await scope.ReachableAsync(db.People.AsNoTracking().Where(p => p.AnonymisedAt == null), cancellationToken), Q.Trim(), 20, cancellationToken);
        return Page();
    }

    /// <summary>Adds a need, or changes one when <paramref name="needId"/> is given.</summary>
    public async Task<IActionResult> OnPostNeedAsync(int id, int? needId, CancellationToken cancellationToken)
    {
        Need.Days = Days.Aggregate(Weekdays.None, (all, day) => all | day);
        ModelState.Clear();
        var outcome = await activities.SaveNeedAsync(id, needId, Need, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken);
        if (outcome is ActivityChange.Invalid invalid)
        {
            if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
            foreach (var problem in invalid.Problems) ModelState.AddModelError(problem.Field == "" ? "" : $"Need.{problem.Field}", t[problem.Message]);
            FailedNeed = needId;
            return Page();
        }
        return Answer(outcome, id, needId is null ? t["募集を加えました。"] : t["募集を変えました。"]);
    }

    public async Task<IActionResult> OnPostNeedOpenAsync(int id, int needId, bool open, CancellationToken cancellationToken) =>
        Answer(await activities.SetNeedOpenAsync(id, needId, open, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken), id,
            open ? t["募集を再開しました。"] : t["募集をしめきりました。"]);

    public async Task<IActionResult> OnPostActiveAsync(int id, bool active, CancellationToken cancellationToken) =>
        Answer(await activities.SetActiveAsync(id, active, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken), id,
            active ? t["活動を再開にしました。"] : t["活動を終了にしました。記録はそのまま残ります。"]);

    public async Task<IActionResult> OnPostLeaderAsync(int id, int personId, CancellationToken cancellationToken)
    {
        // Only a resident this staff member reaches may be recorded.
        if (!await scope.ReachesAsync(personId, cancellationToken)) return NotFound();
        return Answer(await activities.SetLeaderAsync(id, personId, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken), id, t["代表者を記録しました。"]);
    }

    private IActionResult Answer(ActivityChange outcome, int id, LocalizedString saved)
    {
        switch (outcome)
        {
            case ActivityChange.NotFound: return NotFound();
            case ActivityChange.OutOfScope: return Forbid();
            case ActivityChange.Invalid invalid: Problem = string.Join(" ", invalid.Problems.Select(p => t[p.Message].Value)); break;
            default: Message = saved; break;
        }
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var activity = await db.LocalActivities.AsNoTracking().Include(a => a.Kind).Include(a => a.Area).Include(a => a.Organisation)
            .FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (activity is null) return NotFound();
        if (!await scope.AllowsAsync(activity.AreaId, cancellationToken)) return Forbid();
        Activity = activity;
        Kind = activity.Kind!.NameIn(Display.IsEnglish);
        Area = activity.Area?.Name;
        Organisation = activity.Organisation?.Name;
        if (activity.LeaderPersonId is { } leaderId)
            Leader = await db.People.AsNoTracking().Where(p => p.Id == leaderId).Select(p => new { p.Id, p.FamilyName, p.GivenName }).FirstOrDefaultAsync(cancellationToken)
                is { } leader ? (leader.Id, $"{leader.FamilyName} {leader.GivenName}".Trim()) : null;
        Program = activity.ProgramId is { } programId ? await db.Programs.AsNoTracking().Where(p => p.Id == programId).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken) : null;
        var types = await db.QualificationTypes.AsNoTracking().OrderBy(q => q.Name).Select(q => new { q.Id, q.Name }).ToListAsync(cancellationToken);
        QualificationTypes = types.Select(q => (q.Id, q.Name)).ToList();
        Needs = (await db.ActivityNeeds.AsNoTracking().Where(n => n.LocalActivityId == id).OrderByDescending(n => n.IsOpen).ThenBy(n => n.Id).ToListAsync(cancellationToken))
            .Select(n => new NeedRow(n, types.FirstOrDefault(q => q.Id == n.QualificationTypeId)?.Name)).ToList();
        Introductions = (await db.Introductions.AsNoTracking().Where(i => i.LocalActivityId == id)
            .Join(db.People.Where(p => p.AnonymisedAt == null), i => i.PersonId, p => p.Id, (i, p) => new { i.Id, i.NeedId, i.PersonId, p.FamilyName, p.GivenName, p.FamilyNameKana, p.GivenNameKana, p.KanaSortKey, i.Outcome, i.FollowUpOn })
            .OrderBy(r => r.KanaSortKey).ThenBy(r => r.Id).ToListAsync(cancellationToken))
            .Select(r => new IntroductionRow(r.Id, r.NeedId, r.PersonId, $"{r.FamilyName} {r.GivenName}".Trim(), $"{r.FamilyNameKana} {r.GivenNameKana}".Trim(), r.Outcome, r.FollowUpOn)).ToList();
        return null;
    }
}
