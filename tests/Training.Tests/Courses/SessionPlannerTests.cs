using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Courses.Scheduling;

namespace Training.Tests.Courses;

public class SessionPlannerTests
{
    private readonly SessionPlanner _planner = new(Options.Create(new ScheduleOptions()));

    [Fact]
    public void Every_second_Wednesday_gives_one_date_a_month()
    {
        var plan = _planner.Plan(MonthlyRule.NthWeekday(DayOfWeek.Wednesday, 2), new DateOnly(2026, 4, 1), 4);

        Assert.Equal(["2026-04-08", "2026-05-13", "2026-06-10", "2026-07-08"], Dates(plan));
        Assert.Empty(plan.Skipped);
    }

    [Fact]
    public void Second_and_fourth_Friday_gives_two_dates_a_month()
    {
        var plan = _planner.Plan(MonthlyRule.NthWeekday(DayOfWeek.Friday, 2, 4), new DateOnly(2026, 10, 1), 4);

        Assert.Equal(["2026-10-09", "2026-10-23", "2026-11-13", "2026-11-27"], Dates(plan));
    }

    [Fact]
    public void The_15th_on_a_holiday_is_skipped_when_the_coordinator_chose_skip()
    {
        // 2026-09-15 is a Tuesday and no holiday; 2025-09-15 is 敬老の日.
        var plan = _planner.Plan(MonthlyRule.DayOfMonth(15), new DateOnly(2025, 8, 1), 2);

        Assert.Equal(["2025-08-15", "2025-10-15"], Dates(plan));
        var skipped = Assert.Single(plan.Skipped);
        Assert.Equal(new DateOnly(2025, 9, 15), skipped.RuleDate);
        Assert.Equal("敬老の日", skipped.Reason);
    }

    [Fact]
    public void A_third_Monday_that_is_a_holiday_moves_to_the_next_open_weekday()
    {
        // 3rd Monday of September 2026 is 敬老の日 (9/21); 9/22 is 国民の休日 and 9/23 秋分の日, so Thursday 9/24.
        var rule = MonthlyRule.NthWeekday(DayOfWeek.Monday, 3) with { OnHoliday = HolidayPolicy.NextOpenWeekday };

        var plan = _planner.Plan(rule, new DateOnly(2026, 9, 1), 1);

        var date = Assert.Single(plan.Dates);
        Assert.Equal(new DateOnly(2026, 9, 24), date.Date);
        Assert.Equal(new DateOnly(2026, 9, 21), date.RuleDate);
        Assert.Equal("敬老の日", date.MovedBecause);
    }

    [Fact]
    public void A_holiday_can_move_the_session_one_week_later_or_to_the_day_before()
    {
        var start = new DateOnly(2026, 1, 1);
        var nextWeek = MonthlyRule.NthWeekday(DayOfWeek.Monday, 2) with { OnHoliday = HolidayPolicy.SameWeekdayNextWeek };
        var dayBefore = MonthlyRule.NthWeekday(DayOfWeek.Monday, 2) with { OnHoliday = HolidayPolicy.PreviousOpenWeekday };

        // 2nd Monday of January 2026 is 成人の日 (1/12).
        Assert.Equal(["2026-01-19"], Dates(_planner.Plan(nextWeek, start, 1)));
        Assert.Equal(["2026-01-09"], Dates(_planner.Plan(dayBefore, start, 1)));
    }

    [Fact]
    public void The_year_end_closure_is_skipped_like_a_holiday()
    {
        // Last Tuesdays: 12/29 is in the closure, 2027-02-23 is 天皇誕生日.
        var plan = _planner.Plan(MonthlyRule.NthWeekday(DayOfWeek.Tuesday, -1), new DateOnly(2026, 12, 1), 2);

        Assert.Equal(["2027-01-26", "2027-03-30"], Dates(plan));
        Assert.Equal(["年末年始の休館", "天皇誕生日"], plan.Skipped.Select(s => s.Reason));
    }

    [Theory]
    [InlineData("2026-12-28", false)]
    [InlineData("2026-12-29", true)]
    [InlineData("2027-01-01", true)]
    [InlineData("2027-01-03", true)]
    [InlineData("2027-01-04", false)]
    public void The_year_end_closure_wraps_over_new_year(string date, bool closed) =>
        Assert.Equal(closed, new ScheduleOptions().IsInYearEndClosure(DateOnly.Parse(date)));

    [Fact]
    public void The_31st_means_the_last_day_in_shorter_months()
    {
        var plan = _planner.Plan(MonthlyRule.DayOfMonth(31), new DateOnly(2026, 4, 1), 3);

        Assert.Equal(["2026-04-30", "2026-05-31", "2026-06-30"], Dates(plan));
    }

    [Fact]
    public void A_rule_with_neither_weekday_nor_day_is_refused_with_a_message()
    {
        var error = Assert.Throws<ArgumentException>(() => _planner.Plan(new MonthlyRule(), new DateOnly(2026, 4, 1), 1));

        Assert.Contains("どちらか一方", error.Message);
    }

    private static string[] Dates(SessionPlan plan) => plan.Dates.Select(d => d.Date.ToString("yyyy-MM-dd")).ToArray();
}
