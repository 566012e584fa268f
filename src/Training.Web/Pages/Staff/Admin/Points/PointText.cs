using Training.Activities;

namespace Training.Web.Pages.Staff.Admin.Points;

/// <summary>A points rule and a cut in words, in the language of the page (Japanese as <see cref="PointRule.Summary"/> says it).</summary>
public static class PointText
{
    public static string Rule(PointRule rule)
    {
        if (!Display.IsEnglish) return rule.Summary();
        var points = rule.Mode == PointMode.PerVisit
            ? $"{rule.PointsPerVisit:N0} points per visit"
            : string.Join(", ", rule.Bands.Select(b => $"{Duration(b.MinMinutes)} or more: {b.Points:N0}"));
        var caps = rule.HasCap
            ? string.Join(", ", new[] { ("a day", rule.DayCap), ("a month", rule.MonthCap), ("a fiscal year", rule.YearCap) }.Where(c => c.Item2 is not null).Select(c => $"up to {c.Item2:N0} {c.Item1}"))
            : "no cap";
        return $"{points} ({caps})";
    }

    public static string Duration(int minutes) => !Display.IsEnglish ? PointRule.Duration(minutes) : (minutes / 60, minutes % 60) switch
    {
        (0, var m) => $"{m} min",
        (var h, 0) => $"{h} h",
        (var h, var m) => $"{h} h {m} min",
    };

    public static string Year(int fiscalYear) => Display.IsEnglish ? $"FY{fiscalYear} ({fiscalYear}/{(fiscalYear + 1) % 100:00})" : Training.Time.JapaneseDates.FiscalYear(fiscalYear);
}
