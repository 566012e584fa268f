using Microsoft.Extensions.Options;
using Training.Configuration;

namespace Training.Courses.Scheduling;

public sealed record PlannedDate(DateOnly Date, DateOnly RuleDate, string? MovedBecause)
{
    /// <summary>Why the session is not on the rule's day, as the session says it (12月9日（水）が祝日のため); null when it is.</summary>
    public string? ChangeReason => MovedBecause is null ? null : $"{Training.Time.JapaneseDates.MonthDayWeekday(RuleDate)}が{MovedBecause}のため";
}

public sealed record SkippedDate(DateOnly RuleDate, string Reason);

public sealed record SessionPlan(IReadOnlyList<PlannedDate> Dates, IReadOnlyList<SkippedDate> Skipped);

/// <summary>
/// Turns a monthly rule into concrete dates around national holidays and the year-end closure, and says what it
/// moved or skipped and why, so the coordinator can check before sessions are created.
/// </summary>
public class SessionPlanner(IOptions<ScheduleOptions> options)
{
    private readonly ScheduleOptions _options = options.Value;

    /// <param name="firstMonth">Any day in the first month to plan.</param>
    /// <param name="count">How many sessions to plan.</param>
    /// <param name="maxMonths">Stop looking after this many months even if fewer dates were found.</param>
    public SessionPlan Plan(MonthlyRule rule, DateOnly firstMonth, int count, int maxMonths = 36)
    {
        var errors = rule.Validate().ToList();
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors), nameof(rule));

        var dates = new List<PlannedDate>();
        var skipped = new List<SkippedDate>();
        var month = new DateOnly(firstMonth.Year, firstMonth.Month, 1);
        for (var m = 0; m < maxMonths && dates.Count < count; m++, month = month.AddMonths(1))
        {
            foreach (var ruleDate in rule.DatesIn(month.Year, month.Month))
            {
                if (dates.Count >= count) break;
                var reason = ClosedReason(ruleDate);
                if (reason is null)
                {
                    dates.Add(new PlannedDate(ruleDate, ruleDate, null));
                    continue;
                }
                var moved = Move(ruleDate, rule.OnHoliday);
                if (moved is not null && dates.All(d => d.Date != moved.Value))
                    dates.Add(new PlannedDate(moved.Value, ruleDate, reason));
                else
                    skipped.Add(new SkippedDate(ruleDate, reason));
            }
        }
        return new SessionPlan(dates.OrderBy(d => d.Date).ToList(), skipped);
    }

    /// <summary>Why a date cannot hold a session (holiday name or closure), or null when it is open.</summary>
    public string? ClosedReason(DateOnly date)
    {
        if (JapaneseHolidays.NameOf(date) is { } holiday) return holiday;
        if (_options.IsInYearEndClosure(date)) return "年末年始の休館";
        return null;
    }

    private DateOnly? Move(DateOnly date, HolidayPolicy policy)
    {
        switch (policy)
        {
            case HolidayPolicy.NextOpenWeekday:
                for (var d = date.AddDays(1); d <= date.AddDays(14); d = d.AddDays(1))
                    if (IsOpenWeekday(d)) return d;
                return null;
            case HolidayPolicy.PreviousOpenWeekday:
                for (var d = date.AddDays(-1); d >= date.AddDays(-14); d = d.AddDays(-1))
                    if (IsOpenWeekday(d)) return d;
                return null;
            case HolidayPolicy.SameWeekdayNextWeek:
                var nextWeek = date.AddDays(7);
                return nextWeek.Month == date.Month && ClosedReason(nextWeek) is null ? nextWeek : null;
            default:
                return null;
        }
    }

    private bool IsOpenWeekday(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && ClosedReason(date) is null;
}
