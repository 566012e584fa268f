namespace Training.Courses.Scheduling;

public static class MonthlyDates
{
    /// <summary>The n-th given weekday of a month (n = 1–5), or the last one for n = -1; null when the month has no such day.</summary>
    public static DateOnly? NthWeekday(int year, int month, DayOfWeek weekday, int n)
    {
        if (n == -1)
        {
            var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
            return last.AddDays(-(((int)last.DayOfWeek - (int)weekday + 7) % 7));
        }
        var first = new DateOnly(year, month, 1);
        var date = first.AddDays(((int)weekday - (int)first.DayOfWeek + 7) % 7 + 7 * (n - 1));
        return date.Month == month ? date : null;
    }
}
