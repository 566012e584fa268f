using System.Globalization;
using System.Text;

namespace Training.Text;

/// <summary>A date as paper ledgers and spreadsheets write it: 2026/12/9, 2026-12-09, 2026.12.9, 2026年12月9日, full-width digits too.</summary>
public static class LedgerDates
{
    public static bool TryParse(string text, out DateOnly date)
    {
        var normalised = text.Normalize(NormalizationForm.FormKC).Replace('年', '/').Replace('月', '/').Replace("日", "").Replace('-', '/').Replace('.', '/');
        return DateOnly.TryParseExact(normalised, ["yyyy/M/d", "yyyy/MM/dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}
