using System.Globalization;

namespace Training.Time;

/// <summary>Dates the way Japanese notices write them: 12月9日（水）, 令和8年度.</summary>
public static class JapaneseDates
{
    private static readonly CultureInfo Wareki = CreateWarekiCulture();
    private static readonly string[] Weekdays = ["日", "月", "火", "水", "木", "金", "土"];

    /// <summary>"令和8年": the era year containing the given date (uses .NET's Japanese calendar).</summary>
    public static string EraYear(int year, int month = 4, int day = 1) =>
        new DateTime(year, month, day).ToString("gg", Wareki) + EraYearNumber(new DateTime(year, month, day)) + "年";

    /// <summary>Fiscal year label, e.g. 2026 → 令和8年度. Named by the era of most of the year, as offices do: FY2019 is 令和元年度.</summary>
    public static string FiscalYear(int fiscalYear) => EraYear(fiscalYear, 12, 31) + "度";

    /// <summary>令和8年11月26日</summary>
    public static string LongWareki(DateOnly date) =>
        $"{date.ToDateTime(TimeOnly.MinValue).ToString("gg", Wareki)}{EraYearNumber(date.ToDateTime(TimeOnly.MinValue))}年{date.Month}月{date.Day}日";

    /// <summary>2026年11月26日</summary>
    public static string LongWestern(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    /// <summary>12月9日（水）</summary>
    public static string MonthDayWeekday(DateOnly date) => $"{date.Month}月{date.Day}日（{Weekdays[(int)date.DayOfWeek]}）";

    /// <summary>2026年12月9日（水）</summary>
    public static string FullDate(DateOnly date) => $"{date.Year}年{MonthDayWeekday(date)}";

    public static string Weekday(DateOnly date) => Weekdays[(int)date.DayOfWeek];

    private static string EraYearNumber(DateTime date)
    {
        var year = Wareki.DateTimeFormat.Calendar.GetYear(date);
        return year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture);
    }

    private static CultureInfo CreateWarekiCulture()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("ja-JP").Clone();
        culture.DateTimeFormat.Calendar = new JapaneseCalendar();
        return culture;
    }
}
