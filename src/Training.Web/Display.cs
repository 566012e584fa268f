using System.Globalization;
using Training.Time;

namespace Training.Web;

/// <summary>Dates and times for people (<see cref="PeopleDates"/>) in the language of the page being shown.</summary>
public static class Display
{
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Language => IsEnglish ? "en" : "ja";

    public static string Date(DateTime local) => PeopleDates.Date(local, Language);

    public static string ShortDate(DateTime local) => PeopleDates.ShortDate(local, Language);

    public static string TimeRange(DateTime localStart, DateTime localEnd) => PeopleDates.TimeRange(localStart, localEnd, Language);

    public static string DateTime(DateTime local) => PeopleDates.DateTime(local, Language);

    /// <summary>A note in brackets after what it qualifies: full-width （…） in Japanese, " (…)" in English.</summary>
    public static string Aside(string note) => IsEnglish ? $" ({note})" : $"（{note}）";
}
