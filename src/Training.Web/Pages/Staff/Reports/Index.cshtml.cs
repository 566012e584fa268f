using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Training.Reports;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Reports;

/// <summary>
/// The fiscal year's figures the city publishes (開催回数, 実人数, 延べ参加者数 by month, program, district, age band and sex), as
/// charts with the numbers beside them, and as CSV or XLSX. A coordinator sees the courses of their own areas.
/// </summary>
public class IndexModel(FiscalYearReport report, ActivityReport activityReport, ReportPdf pdf, StaffScope scope, SiteClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    public FiscalYearFigures Figures { get; private set; } = null!;
    public ActivityFigures Activities { get; private set; } = null!;
    public int CurrentFiscalYear => clock.FiscalYearOf(clock.Today);
    public bool LimitedToAreas { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } bad) return bad;
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } bad) return bad;
        return File(ReportExports.Csv(Figures, Activities), "text/csv; charset=utf-8", $"report-{Figures.FiscalYear}.csv");
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } bad) return bad;
        return File(await ReportExports.XlsxAsync(Figures, Activities, cancellationToken), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"report-{Figures.FiscalYear}.xlsx");
    }

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } bad) return bad;
        return File(pdf.Render(Figures, Activities), "application/pdf", $"report-{Figures.FiscalYear}.pdf");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var year = Year ?? CurrentFiscalYear;
        if (year < 2000 || year > CurrentFiscalYear + 1) return BadRequest();
        var areas = await scope.AreaIdsAsync(cancellationToken);
        LimitedToAreas = areas.Count > 0;
        Figures = await report.ComputeAsync(year, areas, cancellationToken);
        Activities = await activityReport.ComputeAsync(year, areas, cancellationToken);
        return null;
    }

    /// <summary>
    /// Bar length as a share of the largest value in the chart, as a class in 2 % steps: the Content-Security-Policy
    /// allows no inline styles.
    /// </summary>
    /// <summary>
    /// A line's label in the reader's language: months by name, the fixed bands and sexes translated; program and
    /// district names are data and stay as entered.
    /// </summary>
    public static string Label(ReportLine line, Microsoft.Extensions.Localization.IStringLocalizer t) =>
        Display.IsEnglish && DateOnly.TryParseExact(line.Key + "-01", "yyyy-MM-dd", out var month)
            ? month.ToString("MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"))
            : FiscalYearReport.FixedLabels.Contains(line.Label) ? t[line.Label] : line.Label;

    /// <summary>A line of the activities part: fixed labels (bands, "市全域") translated, names as entered.</summary>
    public static string Label(FigureRow row, Microsoft.Extensions.Localization.IStringLocalizer t) =>
        FiscalYearReport.FixedLabels.Contains(row.Label) ? t[row.Label] : Display.IsEnglish && row.LabelEn is { Length: > 0 } english ? english : row.Label;

    /// <summary>令和7年度（2025） in Japanese; FY2025 (April 2025 – March 2026) in English.</summary>
    public string FiscalYear(int year) => Display.IsEnglish
        ? $"FY{year} ({new DateOnly(year, clock.FiscalYearStartMonth, 1).ToString("MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"))} – {new DateOnly(year, clock.FiscalYearStartMonth, 1).AddYears(1).AddMonths(-1).ToString("MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"))})"
        : $"{Training.Time.JapaneseDates.FiscalYear(year)}（{year}）";

    public static string WidthClass(int value, IEnumerable<int> all)
    {
        var max = all.DefaultIfEmpty(0).Max();
        var percent = max == 0 ? 0 : (int)Math.Round(50.0 * value / max) * 2;
        return $"bar-w{(value > 0 && percent == 0 ? 2 : percent)}";
    }
}
