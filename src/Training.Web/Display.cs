using System.Globalization;
using Training.Time;

namespace Training.Web;

/// <summary>Dates and times for people: 12月9日（水） 10:00〜12:00 in Japanese, Wed 9 Dec 10:00–12:00 in English.</summary>
public static class Display
{
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Date(DateTime local) => IsEnglish
        ? local.ToString("ddd d MMM yyyy", CultureInfo.GetCultureInfo("en-GB"))
        : JapaneseDates.FullDate(DateOnly.FromDateTime(local));

    public static string ShortDate(DateTime local) => IsEnglish
        ? local.ToString("ddd d MMM", CultureInfo.GetCultureInfo("en-GB"))
        : JapaneseDates.MonthDayWeekday(DateOnly.FromDateTime(local));

    public static string TimeRange(DateTime localStart, DateTime localEnd) =>
        $"{localStart:HH:mm}{(IsEnglish ? "–" : "〜")}{localEnd:HH:mm}";

    public static string DateTime(DateTime local) => $"{ShortDate(local)} {local:HH:mm}";
}
