using System.Globalization;

namespace Training.Courses;

/// <summary>A month of the schedule as the site and the API name it in links: "2026-12".</summary>
public static class ScheduleMonth
{
    /// <summary>The first day of the month <paramref name="text"/> names, for years the holiday rules cover.</summary>
    public static bool TryParse(string? text, out DateOnly first)
    {
        first = default;
        if (!DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return false;
        if (parsed.Year is < 2007 or > 2099) return false;
        first = parsed;
        return true;
    }
}
