using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Training.Activities;
using Training.Reports;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Points;

/// <summary>
/// The balances of a fiscal year as CSV or XLSX, for the payment or 介護保険料 side: a coordinator's file holds the
/// helpers living in their districts. Each download is recorded in the audit log.
/// </summary>
public class ExportModel(Training.Activities.Points points, PointExport export, StaffScope scope, SiteClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    public int CurrentYear => clock.CurrentFiscalYear;
    public bool LimitedToAreas { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await points.EnabledAsync(cancellationToken)) return NotFound();
        LimitedToAreas = (await scope.AreaIdsAsync(cancellationToken)).Count > 0;
        return Page();
    }

    public Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken) => DownloadAsync(ParticipantFormat.Csv, cancellationToken);

    public Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken) => DownloadAsync(ParticipantFormat.Xlsx, cancellationToken);

    private async Task<IActionResult> DownloadAsync(ParticipantFormat format, CancellationToken cancellationToken)
    {
        if (!await points.EnabledAsync(cancellationToken)) return NotFound();
        var year = Year ?? CurrentYear;
        if (year < 2000 || year > CurrentYear) return BadRequest();
        var file = await export.ExportAsync(year, format, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return File(file.Content, file.ContentType, file.FileName);
    }
}
