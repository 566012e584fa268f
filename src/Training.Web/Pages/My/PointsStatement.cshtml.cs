using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.Data;
using Training.Time;
using Training.Web.Hosting;

namespace Training.Web.Pages.My;

/// <summary>The resident's own points statement (PDF), through the secret link of their page; nobody else's, and nothing while points are off.</summary>
[EnableRateLimiting(RateLimits.PublicForms)]
public class PointsStatementModel(TrainingDbContext db, Training.Activities.Points points, PointStatements statements, SiteClock clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string token, int year, string? lang, CancellationToken cancellationToken)
    {
        if (!await points.EnabledAsync(cancellationToken)) return NotFound();
        if (year < 2000 || year > clock.CurrentFiscalYear) return NotFound();
        if (string.IsNullOrEmpty(token) || token.Length > 64) return NotFound();
        var person = await db.People.AsNoTracking().Where(p => p.AccessToken == token && p.AnonymisedAt == null).Select(p => new { p.Id }).FirstOrDefaultAsync(cancellationToken);
        if (person is null) return NotFound();
        var pdf = await statements.PdfAsync(person.Id, year, lang == "en" ? "en" : "ja", Training.People.Actor.Resident, cancellationToken);
        if (pdf is null) return NotFound();
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex";
        return File(pdf, "application/pdf", $"points-{year}.pdf");
    }
}
