using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Certificates;
using Training.Data;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Certificates;

/// <summary>One ledger entry: download, mark handed over, reissue (再交付) or revoke, each with a reason where it matters.</summary>
public class DetailsModel(TrainingDbContext db, StaffScope scope, CertificateIssuer issuer, CertificateRenderer renderer, SiteClock clock, StaffAudit audit,
    Training.Attendance.CompletionService completions, IStringLocalizer<SharedResource> t) : PageModel
{
    public Certificate Certificate { get; private set; } = null!;
    /// <summary>The completion behind the certificate: flagged for review when attendance changed after it was issued.</summary>
    public Training.Attendance.Completion Completion { get; private set; } = null!;
    /// <summary>Whether a revocation would be told by email (else by a coordinator's call): said before it is pressed.</summary>
    public bool RevocationByEmail { get; private set; }

    /// <summary>Resolves 要確認: keep, revoke or reissue, with a reason.</summary>
    public async Task<IActionResult> OnPostReviewAsync(int id, Training.Attendance.ReviewDecision decision, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(Reason)) ModelState.AddModelError(nameof(Reason), t["確かめた結果と理由を入力してください。"]);
        if (!ModelState.IsValid) return Page();
        var actor = scope.Actor;
        var resolved = await completions.ResolveReviewAsync(Completion.Id, decision, Reason!, actor, issuer, cancellationToken);
        Message = !resolved ? t["この修了証は、確認の必要がなくなっています。"] : decision switch
        {
            Training.Attendance.ReviewDecision.Revoke => t["確認しました。修了証を取り消し、修了を取り下げました。"],
            Training.Attendance.ReviewDecision.Reissue => t["確認しました。修了証を再交付しました（番号は同じ）。"],
            _ => t["確認しました。修了証はそのまま有効です。"],
        };
        return RedirectToPage(new { id });
    }
    public SiteClock Clock => clock;
    [BindProperty, StringLength(500, ErrorMessage = "500文字以内で入力してください。")] public string? Reason { get; set; }
    [TempData] public string? Message { get; set; }

    public bool HasCardLayout => renderer.LayoutNames().Contains("card");

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ?? Page();

    /// <summary>The wallet-card version of a valid certificate, made from the ledger entry (same serial, name as printed).</summary>
    public async Task<IActionResult> OnGetCardAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (Certificate.RevokedAt is not null || !HasCardLayout) return NotFound();
        var content = (await issuer.ContentsAsync([id], cancellationToken)).Single();
        await audit.RecordAsync(Training.Audit.AuditAction.PrintCertificate, Training.Audit.AuditTarget.OfCertificate(id, Certificate.SerialLabel, Certificate.PersonId, Certificate.Person!.FullName),
            "card", cancellationToken);
        return File(renderer.Render(content, "card"), "application/pdf", $"certificate-card-{Certificate.FiscalYear}-{Certificate.SerialNumber}.pdf");
    }

    public async Task<IActionResult> OnPostHandedOverAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        await issuer.HandOverAsync(id, scope.Actor, cancellationToken);
        Message = t["手渡し済みにしました。"];
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostReissueAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(Reason)) ModelState.AddModelError(nameof(Reason), t["再交付の理由を入力してください（例：紛失のため）。"]);
        if (!ModelState.IsValid) return Page();
        var reissued = await issuer.ReissueAsync(id, Reason!, scope.UserId, scope.User.Identity?.Name ?? "", cancellationToken);
        Message = reissued is null ? t["取り消された修了証は再交付できません。"] : t["再交付しました。番号は変わりません。"];
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(Reason)) ModelState.AddModelError(nameof(Reason), t["取り消しの理由を入力してください。"]);
        if (!ModelState.IsValid) return Page();
        await issuer.RevokeAsync(id, Reason!, scope.UserId, scope.User.Identity?.Name ?? "", cancellationToken);
        Message = RevocationByEmail
            ? t["取り消しました。確認ページでも「取り消し」と表示されます。ご本人にメールでお知らせします。"]
            : t["取り消しました。確認ページでも「取り消し」と表示されます。ご本人へのお電話を、電話連絡リストに入れました。"];
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var certificate = await db.Certificates.AsNoTracking().Include(c => c.Person).Include(c => c.Program).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (certificate is null) return NotFound();
        if (!await scope.ReachesAsync(certificate.PersonId, cancellationToken)) return Forbid();
        Certificate = certificate;
        Completion = await db.Completions.AsNoTracking().FirstAsync(c => c.Id == certificate.CompletionId, cancellationToken);
        RevocationByEmail = (await issuer.EmailedToAsync([certificate.PersonId], cancellationToken)).Contains(certificate.PersonId);
        return null;
    }
}
