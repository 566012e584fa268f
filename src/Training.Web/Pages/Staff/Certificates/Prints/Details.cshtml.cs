using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Certificates;
using Training.Data;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Certificates.Prints;

/// <summary>One bulk-print request: its progress while the job runs (the page refreshes itself), then the download.</summary>
public class DetailsModel(TrainingDbContext db, StaffScope scope, CertificateStore store, SiteClock clock, StaffAudit audit) : PageModel
{
    public CertificatePrintBatch Batch { get; private set; } = null!;
    public SiteClock Clock => clock;
    public int Percent => Batch.Total == 0 ? 100 : (int)Math.Round(100.0 * Batch.Printed / Batch.Total);
    public bool Running => Batch.Status is PrintBatchStatus.Queued or PrintBatchStatus.Printing;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var batch = await FindAsync(id, cancellationToken);
        if (batch is null) return NotFound();
        Batch = batch;
        // A refresh header rather than script: the page keeps working with JavaScript off.
        if (Running) Response.Headers["Refresh"] = "3";
        return Page();
    }

    public async Task<IActionResult> OnGetPdfAsync(int id, CancellationToken cancellationToken)
    {
        var batch = await FindAsync(id, cancellationToken);
        if (batch is null || batch.Status != PrintBatchStatus.Ready || batch.PdfPath is null || !store.Exists(batch.PdfPath)) return NotFound();
        await audit.RecordAsync(Training.Audit.AuditAction.PrintCertificates, Training.Audit.AuditTarget.OfSetting("CertificatePrintBatch", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Display.DateTime(clock.ToLocal(batch.RequestedAt))), $"{batch.Total} certificates", cancellationToken);
        return File(store.OpenRead(batch.PdfPath), "application/pdf", $"certificates-{clock.ToLocal(batch.RequestedAt):yyyyMMdd-HHmm}.pdf");
    }

    // The PDF holds residents' names: only whoever asked for it (or an admin) may see it.
    private async Task<CertificatePrintBatch?> FindAsync(int id, CancellationToken cancellationToken)
    {
        var batch = await db.CertificatePrintBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        return batch is not null && (scope.IsAdmin || batch.RequestedByStaffId == scope.UserId) ? batch : null;
    }
}
