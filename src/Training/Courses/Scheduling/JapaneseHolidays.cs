namespace Training.Courses.Scheduling;

/// <summary>
/// Japanese public holidays (国民の祝日 and 休日) computed offline under the current Act on National Holidays:
/// fixed days, Happy Monday days, the equinoxes (by the standard approximation valid 1980–2099), substitute
/// holidays (振替休日) and the citizens' holiday (国民の休日) between two holidays, plus the one-off changes of
/// 2019–2021. Checked against the Cabinet Office's published lists in the tests.
/// </summary>
public static class JapaneseHolidays
{
    private static readonly Dictionary<int, IReadOnlyDictionary<DateOnly, string>> Cache = [];
    private static readonly Lock CacheLock = new();

    public static bool IsHoliday(DateOnly date) => For(date.Year).ContainsKey(date);

    public static string? NameOf(DateOnly date) => For(date.Year).GetValueOrDefault(date);

    /// <summary>Every name a holiday may have (pages show it translated; the translations are checked against this).</summary>
    public static IReadOnlyList<string> Names =>
        Enumerable.Range(2007, 2099 - 2007 + 1).SelectMany(y => For(y).Values).Distinct().ToList();

    /// <summary>All holidays of a year with their Japanese names, in date order.</summary>
    public static IReadOnlyDictionary<DateOnly, string> For(int year)
    {
        lock (CacheLock)
        {
            if (!Cache.TryGetValue(year, out var holidays))
                Cache[year] = holidays = Compute(year);
            return holidays;
        }
    }

    private static IReadOnlyDictionary<DateOnly, string> Compute(int year)
    {
        if (year is < 2007 or > 2099)
            throw new ArgumentOutOfRangeException(nameof(year), year, "Holidays are computed for 2007–2099.");

        var national = new SortedDictionary<DateOnly, string>();
        void Add(int month, int day, string name) => national[new DateOnly(year, month, day)] = name;

        Add(1, 1, "元日");
        national[NthMonday(year, 1, 2)] = "成人の日";
        Add(2, 11, "建国記念の日");
        if (year >= 2020) Add(2, 23, "天皇誕生日");
        Add(3, VernalEquinoxDay(year), "春分の日");
        Add(4, 29, "昭和の日");
        Add(5, 3, "憲法記念日");
        Add(5, 4, "みどりの日");
        Add(5, 5, "こどもの日");
        switch (year)
        {
            case 2020:
                Add(7, 23, "海の日"); Add(7, 24, "スポーツの日"); Add(8, 10, "山の日");
                break;
            case 2021:
                Add(7, 22, "海の日"); Add(7, 23, "スポーツの日"); Add(8, 8, "山の日");
                break;
            default:
                national[NthMonday(year, 7, 3)] = "海の日";
                if (year >= 2016) Add(8, 11, "山の日");
                national[NthMonday(year, 10, 2)] = year >= 2020 ? "スポーツの日" : "体育の日";
                break;
        }
        national[NthMonday(year, 9, 3)] = "敬老の日";
        Add(9, AutumnalEquinoxDay(year), "秋分の日");
        Add(11, 3, "文化の日");
        Add(11, 23, "勤労感謝の日");
        if (year <= 2018) Add(12, 23, "天皇誕生日");
        if (year == 2019)
        {
            Add(5, 1, "天皇の即位の日");
            Add(10, 22, "即位礼正殿の儀の行われる日");
        }

        var all = new SortedDictionary<DateOnly, string>(national);

        // 国民の休日: a day that is not itself a holiday, with national holidays on both sides.
        foreach (var day in national.Keys)
        {
            var next = day.AddDays(1);
            if (!national.ContainsKey(next) && national.ContainsKey(day.AddDays(2)) && next.Year == year)
                all[next] = "国民の休日";
        }

        // 振替休日: a national holiday on a Sunday moves the rest day to the next day that is not a holiday.
        foreach (var day in national.Keys.Where(d => d.DayOfWeek == DayOfWeek.Sunday))
        {
            var substitute = day.AddDays(1);
            while (all.ContainsKey(substitute)) substitute = substitute.AddDays(1);
            if (substitute.Year == year) all[substitute] = "休日（振替休日）";
        }

        return all;
    }

    /// <summary>Day of March, by the approximation the National Astronomical Observatory's dates follow for 1980–2099.</summary>
    public static int VernalEquinoxDay(int year) =>
        (int)Math.Floor(20.8431 + 0.242194 * (year - 1980) - Math.Floor((year - 1980) / 4.0));

    /// <summary>Day of September, same approximation.</summary>
    public static int AutumnalEquinoxDay(int year) =>
        (int)Math.Floor(23.2488 + 0.242194 * (year - 1980) - Math.Floor((year - 1980) / 4.0));

    private static DateOnly NthMonday(int year, int month, int n) => MonthlyDates.NthWeekday(year, month, DayOfWeek.Monday, n)!.Value;
}
