using System.Globalization;
using Training.Time;

namespace Training.Web;

/// <summary>Dates and times for people (<see cref="PeopleDates"/>) in the language of the page being shown.</summary>
public static class Display
{
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Language => IsEnglish ? "en" : "ja";

    public static string Date(DateTime local) => PeopleDates.Date(local, Language);

    /// <summary>
    /// The date for a page, never broken inside: at large text sizes the line may break only between the year and the
    /// rest (2026年 / 12月17日（木）), each kept whole.
    /// </summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent DateUnbroken(DateTime local) => Unbroken(Date(local));

    /// <summary>
    /// Text that starts with a date (2026年12月の予定, Thu 17 Dec 2026) kept whole on each side of its one allowed break:
    /// after the year in Japanese, before it in English.
    /// </summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent Unbroken(string text)
    {
        var cut = IsEnglish ? text.LastIndexOf(' ') : text.IndexOf('年') + 1;
        var (first, second) = cut > 0 ? (text[..cut], text[cut..]) : (text, "");
        var encoder = System.Text.Encodings.Web.HtmlEncoder.Default;
        return new Microsoft.AspNetCore.Html.HtmlString(IsEnglish
            ? $"<span class=\"nowrap\">{encoder.Encode(first)}</span> <span class=\"nowrap\">{encoder.Encode(second.Trim())}</span>"
            : $"<span class=\"nowrap\">{encoder.Encode(first)}</span><wbr><span class=\"nowrap\">{encoder.Encode(second)}</span>");
    }

    /// <summary>A time range that may break only after its dash (10:00〜 / 12:00), each time kept whole.</summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent TimeRangeUnbroken(DateTime localStart, DateTime localEnd)
    {
        var text = TimeRange(localStart, localEnd);
        var cut = text.IndexOfAny(['〜', '–']) + 1;
        var encoder = System.Text.Encodings.Web.HtmlEncoder.Default;
        return new Microsoft.AspNetCore.Html.HtmlString(
            $"<span class=\"nowrap\">{encoder.Encode(text[..cut])}</span><wbr><span class=\"nowrap\">{encoder.Encode(text[cut..])}</span>");
    }

    public static string ShortDate(DateTime local) => PeopleDates.ShortDate(local, Language);

    public static string TimeRange(DateTime localStart, DateTime localEnd) => PeopleDates.TimeRange(localStart, localEnd, Language);

    public static string DateTime(DateTime local) => PeopleDates.DateTime(local, Language);

    /// <summary>A note in brackets after what it qualifies: full-width （…） in Japanese, " (…)" in English.</summary>
    public static string Aside(string note) => IsEnglish ? $" ({note})" : $"（{note}）";
}
