using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Courses.Scheduling;
using Training.Data;
using Training.Time;
using Training.Web.Scheduling;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Courses;

/// <summary>
/// Plans a course's sessions from a monthly rule ("every 2nd Wednesday 10:00–12:00") around holidays and the
/// year-end closure: the coordinator sees what moves or is skipped and why, then creates the sessions.
/// </summary>
public class SessionsModel(TrainingDbContext db, StaffScope scope, SiteClock clock, SessionPlanner planner, IStringLocalizer<SharedResource> t,
    ExtraSessions extraSessions, SessionPlanning planning) : PageModel
{
    public Course Course { get; private set; } = null!;
    public IReadOnlyList<Session> Sessions { get; private set; } = [];
    public SessionPlan? Plan { get; private set; }
    public SiteClock Clock => clock;
    [BindProperty] public MonthlyRuleInput Rule { get; set; } = new();
    /// <summary>One extra session on a chosen day (「1回だけ加える」).</summary>
    [BindProperty] public ExtraSessionInput Extra { get; set; } = new();
    /// <summary>The page answers the one-session form: its problems are shown there, not beside the monthly rule.</summary>
    public bool Adding { get; private set; }
    /// <summary>How many people staff confirmed would no longer complete, when the page asked.</summary>
    [BindProperty] public int? ConfirmedLosses { get; set; }
    /// <summary>Set when the session would leave people short of the completion rule: the page names them and asks first.</summary>
    public IReadOnlyList<Training.People.Person>? Losing { get; private set; }
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        Rule = MonthlyRuleInput.From(clock.Today, Course.Venue);
        // The times the run usually meets at, to change only if this day differs.
        var last = Sessions.LastOrDefault(s => s.Status == SessionStatus.Scheduled);
        Extra = new ExtraSessionInput
        {
            Venue = Course.Venue,
            Start = last is null ? new TimeOnly(10, 0) : TimeOnly.FromDateTime(clock.ToLocal(last.StartsAt)),
            End = last is null ? new TimeOnly(12, 0) : TimeOnly.FromDateTime(clock.ToLocal(last.EndsAt)),
        };
        return Page();
    }

    /// <summary>Adds one session on the day typed; a refusal says why and keeps what was typed.</summary>
    public async Task<IActionResult> OnPostAddAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        // The monthly rule's fields were not sent with this form; what was typed here is checked by its own rules.
        ModelState.Clear();
        Adding = true;
        switch (await extraSessions.AddAsync(id, Extra, scope.Actor, ConfirmedLosses, cancellationToken))
        {
            case SessionAddition.Added added:
                var start = clock.ToLocal(added.Session.StartsAt);
                Message = string.Format(t["{0}（{1}）を第{2}回として加えました。"], Display.Date(start), Display.TimeRange(start, clock.ToLocal(added.Session.EndsAt)),
                        added.Session.SequenceNumber)
                    + (added.MovedFrom is { } moved ? string.Format(t["あとの回の番号を1つずつ繰り下げました（これまでの第{0}回は第{1}回です）。"], moved, moved + 1) : "")
                    + (planner.ClosedReason(DateOnly.FromDateTime(start)) is { } closed ? string.Format(t["この日は{0}です。"], t[closed]) : "");
                return RedirectToPage(new { id });
            case SessionAddition.NotFound:
                return NotFound();
            case SessionAddition.Invalid invalid:
                foreach (var problem in invalid.Problems) ModelState.AddModelError($"Extra.{problem.Field}", t[problem.Message]);
                break;
            case SessionAddition.InThePast:
                ModelState.AddModelError("Extra.Date", t["過ぎた日時には加えられません。これからの日時を選んでください。"]);
                break;
            case SessionAddition.EndsBeforeStart:
                ModelState.AddModelError("Extra.End", t[ExtraSessionInput.Messages.EndBeforeStart]);
                break;
            case SessionAddition.Overlaps(var other):
                var otherStart = clock.ToLocal(other.StartsAt);
                ModelState.AddModelError("Extra.Start", string.Format(t["第{0}回（{1} {2}）と時間が重なります。別の時間にしてください。"], other.SequenceNumber,
                    Display.Date(otherStart), Display.TimeRange(otherStart, clock.ToLocal(other.EndsAt))));
                break;
            case SessionAddition.BeforeRecordedSession(var recorded):
                ModelState.AddModelError("Extra.Date", string.Format(t["第{0}回（{1}）には出欠や振替の記録があります。その前に加えると回の番号がずれて記録と合わなくなるため、加えられません。第{0}回より後の日にしてください。"],
                    recorded.SequenceNumber, Display.Date(clock.ToLocal(recorded.StartsAt))));
                break;
            case SessionAddition.CostsCompletions costs:
                Losing = costs.People;
                break;
            case SessionAddition.CourseCancelled:
                ModelState.AddModelError("", t["この講座は中止になっているため、回を加えられません。"]);
                break;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (Rule.Build(ModelState, t) is { } rule) Plan = Rule.Plan(planner, rule);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (Rule.Build(ModelState, t) is not { } rule) return Page();
        var plan = Rule.Plan(planner, rule);
        if (await planning.CreateAsync(id, Rule.Planned(plan), scope.Actor, cancellationToken) is null)
            return NotFound();
        Message = string.Format(t["{0}回分の日程を作りました。"], plan.Dates.Count);
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var (course, refusal) = await scope.CourseAsync(id, cancellationToken);
        if (course is null) return refusal;
        Course = course;
        Sessions = await db.Sessions.AsNoTracking().Where(s => s.CourseId == id).OrderBy(s => s.StartsAt).ToListAsync(cancellationToken);
        return null;
    }
}
