using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Courses.Scheduling;
using Training.Leaders;
using Training.Time;
using Training.Web.Leaders;
using Training.Web.Scheduling;

namespace Training.Web.Pages.Lead;

/// <summary>
/// A group leader plans the group's sessions on a phone: on one of the group's open runs, by a monthly rule (the same
/// input and planner as the coordinator's, holidays moved or skipped, each shown with why before anything is made), or
/// one session on a chosen day. A run of another group, asked for by its id, is refused at every request
/// (<see cref="LeaderScope.RunRefusalAsync"/>, and again by <see cref="LeaderSessionPlans"/>, which also refuses a day in
/// the past and hours taken by another of the group's sessions); where the group needs approval the sessions wait for it.
/// </summary>
public class PlanModel(LeaderScope scope, LeaderSessionPlans plans, SessionPlanner planner, SiteClock clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public LedGroup Group { get; private set; } = null!;
    /// <summary>The group's open runs; none: the coordinator must open one first.</summary>
    public IReadOnlyList<Course> Runs { get; private set; } = [];
    public SessionPlan? Plan { get; private set; }
    /// <summary>The run chosen (the only one, when there is one).</summary>
    [BindProperty] public int CourseId { get; set; }
    [BindProperty] public MonthlyRuleInput Rule { get; set; } = new();
    [BindProperty] public ExtraSessionInput Extra { get; set; } = new();
    /// <summary>The page answers the one-session form: its problems are shown there.</summary>
    public bool Adding { get; private set; }
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal) return refusal;
        var run = Runs.FirstOrDefault();
        CourseId = run?.Id ?? 0;
        ClearExtra();
        Rule = MonthlyRuleInput.From(clock.Today, run?.Venue ?? "");
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal) return refusal;
        ClearExtra();
        if (Rule.Build(ModelState, t) is { } rule) Plan = Rule.Plan(planner, rule);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal) return refusal;
        ClearExtra();
        if (await scope.RunRefusalAsync(CourseId, cancellationToken) is { } notOurs) return notOurs;
        if (Rule.Build(ModelState, t) is not { } rule) return Page();
        Plan = Rule.Plan(planner, rule);
        return Answer(await plans.PlanAsync(Group, CourseId, Rule.Planned(Plan), scope.Actor, cancellationToken), "Rule");
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal) return refusal;
        if (await scope.RunRefusalAsync(CourseId, cancellationToken) is { } notOurs) return notOurs;
        // The monthly rule's fields were not sent with this form.
        ModelState.Clear();
        Adding = true;
        var outcome = await plans.AddOneAsync(Group, CourseId, Extra, scope.Actor, cancellationToken);
        if (outcome is LeaderSessionChange.Refused { Addition: SessionAddition.Invalid invalid })
        {
            foreach (var problem in invalid.Problems) ModelState.AddModelError($"Extra.{problem.Field}", t[problem.Message]);
            return Page();
        }
        return Answer(outcome, "Extra.Date");
    }

    private IActionResult Answer(LeaderSessionChange outcome, string field)
    {
        switch (outcome)
        {
            case LeaderSessionChange.Planned planned:
                Message = planned.AwaitingApproval
                    ? string.Format(t["{0}回分の予定を作りました。担当のコーディネーターが承認すると、予定表に出て申し込めるようになります（それまでは「承認待ち」です）。"], planned.Count)
                    : string.Format(t["{0}回分の予定を作りました。予定表に出ています。"], planned.Count);
                return RedirectToPage("/Lead/Index");
            case LeaderSessionChange.NotTheGroups: return Forbid();
            case LeaderSessionChange.NotFound: return NotFound();
        }
        ModelState.AddModelError(field, LeaderSessionMessages.Refusal(outcome, t, clock) ?? "");
        return Page();
    }

    /// <summary>The one-session form as it starts (the monthly rule's form does not send its fields).</summary>
    private void ClearExtra()
    {
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Extra.", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        Extra = new ExtraSessionInput { Venue = Runs.FirstOrDefault(r => r.Id == CourseId)?.Venue, Start = new TimeOnly(10, 0), End = new TimeOnly(12, 0) };
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        if (await scope.GroupAsync(cancellationToken) is not { } group) return Forbid();
        Group = group;
        Runs = await plans.OpenRunsAsync(group, cancellationToken);
        return null;
    }
}
