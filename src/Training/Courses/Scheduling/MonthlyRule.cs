namespace Training.Courses.Scheduling;

/// <summary>
/// A monthly rule as coordinators say it: "every 2nd Wednesday", "2nd and 4th Friday", "the 15th", "last Monday".
/// </summary>
public sealed record MonthlyRule
{
    /// <summary>Which weeks of the month (1–5, or -1 for the last), used with <see cref="Weekday"/>.</summary>
    public IReadOnlyList<int> Weeks { get; init; } = [];
    public DayOfWeek? Weekday { get; init; }
    /// <summary>Days of the month (1–31), used instead of weeks and weekday.</summary>
    public IReadOnlyList<int> DaysOfMonth { get; init; } = [];
    public HolidayPolicy OnHoliday { get; init; } = HolidayPolicy.Skip;

    public static MonthlyRule NthWeekday(DayOfWeek weekday, params int[] weeks) => new() { Weekday = weekday, Weeks = weeks };
    public static MonthlyRule DayOfMonth(params int[] days) => new() { DaysOfMonth = days };

    public IEnumerable<string> Validate()
    {
        var byWeekday = Weekday is not null && Weeks.Count > 0;
        var byDay = DaysOfMonth.Count > 0;
        if (byWeekday == byDay) yield return "曜日と週（例：第2水曜日）か、日付（例：15日）のどちらか一方を指定してください。";
        if (Weeks.Any(w => w is not (>= 1 and <= 5 or -1))) yield return "週は第1〜第5週か最終週を指定してください。";
        if (DaysOfMonth.Any(d => d is < 1 or > 31)) yield return "日付は1〜31で指定してください。";
    }

    /// <summary>The dates the rule names in one month, before holidays are considered.</summary>
    public IEnumerable<DateOnly> DatesIn(int year, int month)
    {
        if (DaysOfMonth.Count > 0)
        {
            var daysInMonth = DateTime.DaysInMonth(year, month);
            // "The 31st" in a 30-day month is the last day, as a coordinator would mean it.
            return DaysOfMonth.Select(d => new DateOnly(year, month, Math.Min(d, daysInMonth))).Distinct().Order();
        }
        return Weeks.Select(w => MonthlyDates.NthWeekday(year, month, Weekday!.Value, w))
            .Where(d => d is not null).Select(d => d!.Value).Distinct().Order();
    }
}

/// <summary>What to do when a rule's date is a national holiday or inside the year-end closure.</summary>
public enum HolidayPolicy
{
    /// <summary>No session that month on that date.</summary>
    Skip,
    /// <summary>The next weekday that is open.</summary>
    NextOpenWeekday,
    /// <summary>The last weekday before it that is open.</summary>
    PreviousOpenWeekday,
    /// <summary>The same weekday one week later, if open and still in the same month.</summary>
    SameWeekdayNextWeek,
}
