using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Training.Activities;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Points;

/// <summary>A helper's yearly points statement as a PDF, for staff who reach the person; the printing is audited.</summary>
public class StatementModel(Training.Activities.Points points, PointStatements statements, StaffScope scope, SiteClock clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int personId, int year, string? lang, CancellationToken cancellationToken)
    {
        if (!await points.EnabledAsync(cancellationToken)) return NotFound();
        if (year < 2000 || year > clock.CurrentFiscalYear) return NotFound();
        if (!await scope.ReachesAsync(personId, cancellationToken)) return Forbid();
        var pdf = await statements.PdfAsync(personId, year, lang == "en" ? "en" : "ja", scope.Actor, cancellationToken);
        if (pdf is null) return NotFound();
        Response.Headers.CacheControl = "no-store";
        return File(pdf, "application/pdf", $"points-{year}-{personId}.pdf");
    }
}
