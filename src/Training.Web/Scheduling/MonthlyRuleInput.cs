using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Courses.Scheduling;

namespace Training.Web.Scheduling;

/// <summary>
/// A monthly rule as a form types it (「第2水曜日」 or 「毎月15日」, times, first month, how many, what to do on a
/// holiday), shared by the coordinator's planning page and the group leader's: one input, one partial
/// (<c>_MonthlyRuleFields</c>), one way to a <see cref="MonthlyRule"/> and the <see cref="PlannedSessions"/> it gives.
/// </summary>
public class MonthlyRuleInput
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

    /// <summary>A new form starting with next month.</summary>
    public static MonthlyRuleInput From(DateOnly today, string venue)
    {
        var next = today.AddMonths(1);
        return new MonthlyRuleInput { FirstMonth = $"{next.Year:D4}-{next.Month:D2}", Venue = venue };
    }

    /// <summary>The rule typed, or null with its problems added to the model state under <paramref name="prefix"/>.</summary>
    public MonthlyRule? Build(ModelStateDictionary modelState, IStringLocalizer t, string prefix = "Rule")
    {
        if (End <= Start) modelState.AddModelError($"{prefix}.End", t["終了時刻は開始時刻より後にしてください。"]);
        if (!DateOnly.TryParseExact(FirstMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            modelState.AddModelError($"{prefix}.FirstMonth", t["最初の月を選んでください。"]);
        var rule = Kind == "day"
            ? MonthlyRule.DayOfMonth((Days ?? "").Split([',', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(d => int.TryParse(d, out var n) ? n : 0).ToArray())
            : MonthlyRule.NthWeekday(Weekday, Weeks.ToArray());
        rule = rule with { OnHoliday = OnHoliday };
        foreach (var problem in rule.Validate()) modelState.AddModelError(prefix, t[problem]);
        return modelState.IsValid ? rule : null;
    }

    /// <summary>The first month's first day (after <see cref="Build"/> accepted it).</summary>
    public DateOnly FirstMonthDate() => DateOnly.ParseExact(FirstMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The dates the planner gives the rule (<see cref="SessionPlanner"/>).</summary>
    public SessionPlan Plan(SessionPlanner planner, MonthlyRule rule) => planner.Plan(rule, FirstMonthDate(), Count);

    /// <summary>The plan with this form's times, place and instructor.</summary>
    public PlannedSessions Planned(SessionPlan plan) => new(plan, Start, End, Venue, Instructor);
}
