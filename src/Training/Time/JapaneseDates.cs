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

    /// <summary>The eras a living resident may be born in, with their first year and their length in years.</summary>
    private static readonly (string Name, char Letter, int First, int Years)[] Eras =
    [
        ("明治", 'M', 1868, 45), ("大正", 'T', 1912, 15), ("昭和", 'S', 1926, 64), ("平成", 'H', 1989, 31), ("令和", 'R', 2019, 99),
    ];

    public const string YearMessage = "生まれた年は、西暦（例：1950）か和暦（例：昭和25年、S25）で入力してください。";

    /// <summary>
    /// A year as people write it: 1950, １９５０年, 昭和25年, 昭和２５, S25, s25, 平成元年. False for anything else, for a year
    /// beyond its era, and for years outside 1900 … <paramref name="latest"/>.
    /// </summary>
    public static bool TryParseYear(string? text, int latest, out int year)
    {
        year = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Normalize(System.Text.NormalizationForm.FormKC).Replace(" ", "").Trim();
        if (t.EndsWith('年')) t = t[..^1];
        if (t.Length == 4 && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var western)) year = western;
        else
        {
            foreach (var (name, letter, first, years) in Eras)
            {
                var rest = t.StartsWith(name, StringComparison.Ordinal) ? t[name.Length..]
                    : t.Length > 1 && char.ToUpperInvariant(t[0]) == letter ? t[1..].TrimStart('.')
                    : null;
                if (rest is null) continue;
                var number = rest == "元" ? 1 : int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
                if (number < 1 || number > years) return false;
                year = first + number - 1;
                break;
            }
        }
        return year >= 1900 && year <= latest;
    }

    /// <summary>"1950年（昭和25年）" for Japanese readers, "1950" otherwise: the year as the viewer writes it.</summary>
    public static string BirthYear(int year, bool english) => english ? year.ToString(CultureInfo.InvariantCulture) : $"{year}年（{EraYear(year, 12, 31)}）";

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
