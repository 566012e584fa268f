using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Courses.Scheduling;
using Training.Data;
using Training.Time;
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
    [BindProperty] public RuleInput Rule { get; set; } = new();
    /// <summary>One extra session on a chosen day (「1回だけ加える」).</summary>
    [BindProperty] public ExtraSessionInput Extra { get; set; } = new();
    /// <summary>The page answers the one-session form: its problems are shown there, not beside the monthly rule.</summary>
    public bool Adding { get; private set; }
    /// <summary>How many people staff confirmed would no longer complete, when the page asked.</summary>
    [BindProperty] public int? ConfirmedLosses { get; set; }
    /// <summary>Set when the session would leave people short of the completion rule: the page names them and asks first.</summary>
    public IReadOnlyList<Training.People.Person>? Losing { get; private set; }
    [TempData] public string? Message { get; set; }

    public class RuleInput
    {
        public string Kind { get; set; } = "weekday";
        public DayOfWeek Weekday { get; set; } = DayOfWeek.Wednesday;
        public List<int> Weeks { get; set; } = [2];
        [RegularExpression(@"^\s*\d{1,2}(\s*[,、]\s*\d{1,2})*\s*$", ErrorMessage = "日付は「15」や「1,15」のように数字で入力してください。")]
        public string? Days { get; set; }
        [Required(ErrorMessage = "開始時刻を入力してください。")]
        public TimeOnly Start { get; set; } = new(10, 0);
        [Required(ErrorMessage = "終了時刻を入力してください。")]
        public TimeOnly End { get; set; } = new(12, 0);
        [Required(ErrorMessage = "最初の月を選んでください。"), RegularExpression(@"^\d{4}-\d{2}$", ErrorMessage = "最初の月を選んでください。")]
        public string FirstMonth { get; set; } = "";
        [Range(1, 60, ErrorMessage = "回数は1〜60で入力してください。")]
        public int Count { get; set; } = 5;
        public HolidayPolicy OnHoliday { get; set; } = HolidayPolicy.Skip;
        [StringLength(200)] public string? Venue { get; set; }
        [StringLength(200)] public string? Instructor { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        var next = clock.Today.AddMonths(1);
        Rule.FirstMonth = $"{next.Year:D4}-{next.Month:D2}";
        Rule.Venue = Course.Venue;
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
        if (BuildRule() is { } rule) Plan = planner.Plan(rule, FirstMonth(), Rule.Count);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (BuildRule() is not { } rule) return Page();
        var plan = planner.Plan(rule, FirstMonth(), Rule.Count);
        if (await planning.CreateAsync(id, new PlannedSessions(plan, Rule.Start, Rule.End, Rule.Venue, Rule.Instructor), scope.Actor, cancellationToken) is null)
            return NotFound();
        Message = string.Format(t["{0}回分の日程を作りました。"], plan.Dates.Count);
        return RedirectToPage(new { id });
    }

    private MonthlyRule? BuildRule()
    {
        if (Rule.End <= Rule.Start) ModelState.AddModelError("Rule.End", t["終了時刻は開始時刻より後にしてください。"]);
        if (!DateOnly.TryParseExact(Rule.FirstMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            ModelState.AddModelError("Rule.FirstMonth", t["最初の月を選んでください。"]);
        var rule = Rule.Kind == "day"
            ? MonthlyRule.DayOfMonth((Rule.Days ?? "").Split([',', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(d => int.TryParse(d, out var n) ? n : 0).ToArray())
            : MonthlyRule.NthWeekday(Rule.Weekday, Rule.Weeks.ToArray());
        rule = rule with { OnHoliday = Rule.OnHoliday };
        foreach (var problem in rule.Validate()) ModelState.AddModelError("Rule", t[problem]);
        return ModelState.IsValid ? rule : null;
    }

    private DateOnly FirstMonth() => DateOnly.ParseExact(Rule.FirstMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var (course, refusal) = await scope.CourseAsync(id, cancellationToken);
        if (course is null) return refusal;
        Course = course;
        Sessions = await db.Sessions.AsNoTracking().Where(s => s.CourseId == id).OrderBy(s => s.StartsAt).ToListAsync(cancellationToken);
        return null;
    }
}
