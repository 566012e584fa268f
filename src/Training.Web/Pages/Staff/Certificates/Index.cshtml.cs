using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Certificates;
using Training.Data;
using Training.People;
using Training.Text;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Certificates;

/// <summary>The certificate ledger (交付台帳): every certificate issued, searchable, with the stored PDF.</summary>
public class IndexModel(TrainingDbContext db, StaffScope scope, CertificateStore store, CertificatePrinter printer, CertificateRenderer renderer, SiteClock clock, StaffAudit audit) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    /// <summary>Only certificates still to print and hand over (not emailed, not handed over, not revoked).</summary>
    [BindProperty(SupportsGet = true)] public bool ToHandOver { get; set; }
    /// <summary>Only certificates flagged for review (attendance changed after they were issued).</summary>
    [BindProperty(SupportsGet = true)] public bool Review { get; set; }
    [BindProperty] public string Layout { get; set; } = "default";
    /// <summary>Completions flagged for review, by id: the ledger says 要確認 beside their certificates.</summary>
    public IReadOnlySet<int> ToReview { get; private set; } = new HashSet<int>();
    /// <summary>Completions recorded as an exception (特例), by id: the ledger marks their certificates so.</summary>
    public IReadOnlySet<int> Exceptions { get; private set; } = new HashSet<int>();
    /// <summary>Certificates that could not be made, with why: the ledger shows them first.</summary>
    public IReadOnlyList<Training.Attendance.Completion> Blocked { get; private set; } = [];
    public IReadOnlyList<Certificate> Certificates { get; private set; } = [];
    public IReadOnlyList<string> Layouts { get; private set; } = [];
    public IReadOnlyList<CertificatePrintBatch> RecentPrints { get; private set; } = [];
    public SiteClock Clock => clock;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Certificates = await FindAsync(cancellationToken);
        var completionIds = Certificates.Select(c => c.CompletionId).ToList();
        ToReview = (await db.Completions.AsNoTracking().Where(c => completionIds.Contains(c.Id) && c.Status == Training.Attendance.CompletionStatus.NeedsReview)
            .Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();
        Exceptions = (await db.Completions.AsNoTracking().Where(c => completionIds.Contains(c.Id) && c.ExceptionReason != null)
            .Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();
        var areas = await scope.AreaIdsAsync(cancellationToken);
        Blocked = await db.Completions.AsNoTracking().Include(c => c.Person).Include(c => c.Course!).ThenInclude(c => c.Program)
            .Where(c => c.CertificateProblem != null && c.Status == Training.Attendance.CompletionStatus.Completed && !db.Certificates.Any(x => x.CompletionId == c.Id))
            .Where(c => areas.Count == 0 || db.People.Within(db, areas).Any(p => p.Id == c.PersonId))
            .OrderBy(c => c.Person!.KanaSortKey).ToListAsync(cancellationToken);
        Layouts = renderer.LayoutNames();
        RecentPrints = await db.CertificatePrintBatches.AsNoTracking().Where(b => b.RequestedByStaffId == scope.UserId)
            .OrderByDescending(b => b.RequestedAt).Take(5).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Every valid certificate the list shows, in one PDF for a ceremony (furigana order), made by a background job;
    /// the coordinator watches its progress and downloads it when ready.
    /// </summary>
    public async Task<IActionResult> OnPostPrintAllAsync(CancellationToken cancellationToken)
    {
        if (!renderer.LayoutNames().Contains(Layout)) return BadRequest();
        var ids = (await FindAsync(cancellationToken)).Where(c => c.RevokedAt is null).Select(c => c.Id).ToList();
        var batch = await printer.RequestAsync(ids, Layout, scope.UserId!, cancellationToken);
        return batch is null ? RedirectToPage(new { Q, ToHandOver }) : RedirectToPage("/Staff/Certificates/Prints/Details", new { id = batch.Id });
    }

    private async Task<List<Certificate>> FindAsync(CancellationToken cancellationToken)
    {
        var areas = await scope.AreaIdsAsync(cancellationToken);
        var query = db.Certificates.AsNoTracking().Include(c => c.Program).Include(c => c.Person).AsQueryable();
        if (areas.Count > 0) query = query.Where(c => db.People.Within(db, areas).Any(p => p.Id == c.PersonId));
        if (ToHandOver) query = query.Where(c => c.EmailedAt == null && c.HandedOverAt == null && c.RevokedAt == null);
        if (Review) query = query.Where(c => c.RevokedAt == null && db.Completions.Any(x => x.Id == c.CompletionId && x.Status == Training.Attendance.CompletionStatus.NeedsReview));
        if (!string.IsNullOrWhiteSpace(Q) && Q.Length <= 100)
        {
            var key = NameFolding.SearchKey(Q);
            var code = Q.Trim().ToUpperInvariant();
            query = query.Where(c => c.Person!.SearchKey.Contains(key) || c.VerificationCode == code || c.SerialLabel.Contains(Q.Trim()));
        }
        return await query.OrderByDescending(c => c.FiscalYear).ThenBy(c => c.ProgramId).ThenByDescending(c => c.SerialNumber)
            .Take(1000).ToListAsync(cancellationToken);
    }

    public async Task<IActionResult> OnGetPdfAsync(int id, CancellationToken cancellationToken)
    {
        var certificate = await db.Certificates.AsNoTracking().Include(c => c.Person).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (certificate is null) return NotFound();
        if (!await scope.ReachesAsync(certificate.PersonId, cancellationToken)) return Forbid();
        await audit.RecordAsync(Training.Audit.AuditAction.PrintCertificate, Training.Audit.AuditTarget.OfCertificate(id, certificate.SerialLabel, certificate.PersonId, certificate.Person!.FullName),
            cancellationToken: cancellationToken);
        return File(store.Read(certificate.PdfPath), "application/pdf", $"certificate-{certificate.FiscalYear}-{certificate.SerialNumber}.pdf");
    }
}
