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
/// Starts a new run of a program (e.g. 令和9年度 第1期); its sessions are planned next. Opened from a run's page as a
/// copy (<c>?copyFrom=</c>), the form comes filled with that run's details and its sessions are dated anew — shifted to
/// a chosen first day or planned again by the same monthly rule — and shown before anything is created.
/// </summary>
public class CreateModel(TrainingDbContext db, StaffScope scope, SiteClock clock, IStringLocalizer<SharedResource> t, CourseCreation creation,
    SessionPlanner planner) : PageModel
{
    [BindProperty] public InputModel Input { get; set; } = new();
    /// <summary>The run being copied, when this is a copy.</summary>
    [BindProperty(SupportsGet = true)] public int? CopyFrom { get; set; }
    [BindProperty] public CopyInput Copy { get; set; } = new();
    public IReadOnlyList<(int Id, string Name)> Programs { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Areas { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Organisations { get; private set; } = [];

    public Course? Source { get; private set; }
    /// <summary>The copied run's sessions still on, in order.</summary>
    public IReadOnlyList<Session> Pattern { get; private set; } = [];
    /// <summary>The monthly rule the copied run followed, when its dates follow one.</summary>
    public MonthlyRule? Rule { get; private set; }
    /// <summary>The new sessions, shown before the copy is created.</summary>
    public IReadOnlyList<NewSession>? Preview { get; private set; }
    /// <summary>Rule days left out of a monthly plan, with why.</summary>
    public IReadOnlyList<SkippedDate> Skipped { get; private set; } = [];
    public SessionPlanner Planner => planner;
    public SiteClock Clock => clock;

    /// <summary>The run's details (<see cref="CourseInput"/>) and the program and organisation it belongs to.</summary>
    public class InputModel : CourseInput
    {
        public int? ProgramId { get; set; }
        public int? OrganisationId { get; set; }
    }

    /// <summary>How a copy's sessions are dated.</summary>
    public class CopyInput
    {
        public CopyDates Dates { get; set; } = CopyDates.Shift;
        /// <summary>The new first session's day (shift).</summary>
        public DateOnly? FirstDate { get; set; }
        /// <summary>The month to plan from (monthly rule), yyyy-MM.</summary>
        public string? FirstMonth { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (CopyFrom is null)
        {
            Input.Title = $"{JapaneseDates.FiscalYear(clock.CurrentFiscalYear)} 第1期";
            Input.Capacity = 20;
            Input.MinimumParticipants = 0;
            return Page();
        }
        if (await LoadSourceAsync(cancellationToken) is { } denied) return denied;
        var source = Source!;
        // Suggested dates, to check: the same weekdays a year (52 weeks) on, and later still until they lie ahead.
        var weeks = 0;
        if (Pattern.Count > 0)
        {
            var first = DateOnly.FromDateTime(clock.ToLocal(Pattern[0].StartsAt));
            do weeks += 52; while (first.AddDays(7 * weeks) <= clock.Today);
            Copy.FirstDate = first.AddDays(7 * weeks);
            Copy.FirstMonth = $"{Copy.FirstDate.Value.Year:D4}-{Copy.FirstDate.Value.Month:D2}";
        }
        else Copy.Dates = CopyDates.None;
        DateOnly? Ahead(DateOnly? day) => day?.AddDays(7 * weeks) is { } moved && moved >= clock.Today ? moved : null;
        Input = CourseInput.From<InputModel>(source, clock);
        Input.ProgramId = source.ProgramId;
        Input.OrganisationId = source.OrganisationId;
        Input.OpensOn = Ahead(Input.OpensOn);
        Input.ClosesOn = Ahead(Input.ClosesOn);
        return Page();
    }

    /// <summary>Shows the copy's new sessions (and any holiday among them) before it is created.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        ModelState.Clear();
        if (CopyFrom is null) return Page();
        if (await LoadSourceAsync(cancellationToken) is { } denied) return denied;
        Preview = NewSessions();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        // The input model says what is wrong, in its words; the binder's own complaints (a word in a number field) are replaced.
        ModelState.Clear();
        if (Input.ProgramId is null || Programs.All(p => p.Id != Input.ProgramId)) ModelState.AddModelError("Input.ProgramId", t["講座・活動を選んでください。"]);
        if (Input.OrganisationId is null || Organisations.All(o => o.Id != Input.OrganisationId)) ModelState.AddModelError("Input.OrganisationId", t["主催を選んでください。"]);
        IReadOnlyList<NewSession> sessions = [];
        if (CopyFrom is not null)
        {
            if (await LoadSourceAsync(cancellationToken) is { } denied) return denied;
            sessions = NewSessions() ?? [];
            Preview = sessions;
        }
        var mine = await scope.AreaIdsAsync(cancellationToken);
        var areaChoices = mine.Count > 0 ? Areas.Select(a => a.Id).Where(mine.Contains).ToList() : Areas.Select(a => a.Id).ToList();
        var request = new NewCourse(Input, Input.ProgramId ?? 0, Input.OrganisationId ?? 0, scope.UserId, sessions, Source);
        var outcome = ModelState.IsValid
            ? await creation.CreateAsync(request, areaChoices, mine.Count == 0, scope.Actor, cancellationToken)
            : new CourseCreated.Invalid(creation.Problems(request, areaChoices, mine.Count == 0));
        if (outcome is CourseCreated.Invalid invalid)
            foreach (var problem in invalid.Problems)
                ModelState.AddModelError(problem.Field == "Sessions" ? "Copy.FirstDate" : $"Input.{problem.Field}", t[problem.Message]);
        if (outcome is not CourseCreated.Saved saved) return Page();

        if (Source is not null)
            TempData["Message"] = string.Format(t["「{0}」を写して作りました（日程{1}回）。日程を確かめてください。"], Source.Title, saved.Sessions);
        return Redirect(Training.Configuration.SiteLinks.StaffCourseSessions(saved.CourseId));
    }

    /// <summary>The copy's sessions by the chosen way of dating them; null (with the problem) when it cannot be worked out.</summary>
    private IReadOnlyList<NewSession>? NewSessions()
    {
        switch (Copy.Dates)
        {
            case CopyDates.None:
                return [];
            case CopyDates.Monthly:
                if (Rule is null)
                {
                    ModelState.AddModelError("Copy.Dates", t[CourseCopy.Messages.NoRule]);
                    return null;
                }
                if (!DateOnly.TryParseExact((Copy.FirstMonth ?? "") + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
                {
                    ModelState.AddModelError("Copy.FirstMonth", t[CourseCopy.Messages.FirstMonthMissing]);
                    return null;
                }
                var plan = planner.Plan(Rule, month, Pattern.Count);
                Skipped = plan.Skipped;
                return CourseCopy.Replanned(Pattern, Source!, plan, clock);
            default:
                if (Copy.FirstDate is not { } first)
                {
                    ModelState.AddModelError("Copy.FirstDate", t[CourseCopy.Messages.FirstDateMissing]);
                    return null;
                }
                return CourseCopy.Shifted(Pattern, Source!, first, clock);
        }
    }

    /// <summary>The monthly rule in words: 毎月 第2水曜日 / the 2nd Wednesday of each month.</summary>
    public string RuleInWords(MonthlyRule rule)
    {
        string[] weekdays = ["日", "月", "火", "水", "木", "金", "土"];
        if (rule.DaysOfMonth.Count > 0)
            return Display.IsEnglish ? $"day {string.Join(" and ", rule.DaysOfMonth)} of each month" : $"毎月{string.Join("・", rule.DaysOfMonth.Select(d => $"{d}日"))}";
        static string English(int week) => week switch { -1 => "last", 1 => "1st", 2 => "2nd", 3 => "3rd", _ => $"{week}th" };
        return Display.IsEnglish
            ? $"the {string.Join(" and ", rule.Weeks.Select(English))} {rule.Weekday} of each month"
            : $"毎月{string.Join("・", rule.Weeks.Select(w => w == -1 ? "最終" : $"第{w}"))}{weekdays[(int)rule.Weekday!.Value]}曜日";
    }

    private async Task<IActionResult?> LoadSourceAsync(CancellationToken cancellationToken)
    {
        var source = await db.Courses.AsNoTracking().Include(c => c.Program).Include(c => c.Sessions).FirstOrDefaultAsync(c => c.Id == CopyFrom, cancellationToken);
        if (source is null) return NotFound();
        if (!await scope.AllowsAsync(source.AreaId, cancellationToken)) return Forbid();
        Source = source;
        Pattern = CourseCopy.Pattern(source.Sessions);
        Rule = CourseCopy.RuleOf(Pattern, clock);
        return null;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Programs = await db.ProgramsAsync(publicOnly: false, cancellationToken);
        Areas = await db.AreasAsync(cancellationToken);
        Organisations = await db.OrganisationsAsync(cancellationToken);
    }
}
