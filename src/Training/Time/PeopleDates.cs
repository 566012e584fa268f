using System.Globalization;

namespace Training.Time;

/// <summary>
/// Dates and times as people read them, in Japanese or English: 2026年12月9日（水） / Wed 9 Dec 2026, 10:00〜12:00 /
/// 10:00–12:00. Pages, emails and PDFs all ask here, so a date reads the same wherever it is shown.
/// </summary>
public static class PeopleDates
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static bool IsEnglish(string? language) => language is "en";

    public static string Date(DateTime local, string? language) => IsEnglish(language)
        ? local.ToString("ddd d MMM yyyy", English)
        : JapaneseDates.FullDate(DateOnly.FromDateTime(local));

    /// <summary>The date spelled out, for a notice about one session: 2026年12月9日（水） / Wednesday 9 December 2026.</summary>
    public static string LongDate(DateTime local, string? language) => IsEnglish(language)
        ? local.ToString("dddd d MMMM yyyy", English)
        : JapaneseDates.FullDate(DateOnly.FromDateTime(local));

    public static string ShortDate(DateTime local, string? language) => IsEnglish(language)
        ? local.ToString("ddd d MMM", English)
        : JapaneseDates.MonthDayWeekday(DateOnly.FromDateTime(local));

    public static string Month(DateOnly firstDay, string? language) => IsEnglish(language)
        ? firstDay.ToString("MMMM yyyy", English)
        : $"{firstDay.Year}年{firstDay.Month}月";

    public static string TimeRange(DateTime localStart, DateTime localEnd, string? language) =>
        $"{localStart:HH:mm}{(IsEnglish(language) ? "–" : "〜")}{localEnd:HH:mm}";

    public static string DateTime(DateTime local, string? language) => $"{ShortDate(local, language)} {local:HH:mm}";
}
