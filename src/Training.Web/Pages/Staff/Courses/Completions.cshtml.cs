using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Attendance;
using Training.Certificates;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Registrations;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Courses;

/// <summary>
/// Who on a run has completed, who can still complete, and who cannot any more; certificates issued or waiting,
/// and issuing one by hand with a chosen date and a reason.
/// </summary>
public class CompletionsModel(TrainingDbContext db, StaffScope scope, CompletionService completions, CertificateIssuer issuer, SiteClock clock,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public const int ReasonMaxLength = 500;

    public sealed record Row(Person Person, CompletionAssessment? Assessment, Completion? Completion, Certificate? Certificate, int RegistrationId);

    public Course Course { get; private set; } = null!;
    public bool RunIsOver { get; private set; }
    public IReadOnlyList<Row> Completed { get; private set; } = [];
    public IReadOnlyList<Row> StillPossible { get; private set; } = [];
    public IReadOnlyList<Row> NoLongerPossible { get; private set; } = [];
    /// <summary>Completions whose automatic certificate waits for its hold: when it will be issued (local time).</summary>
    public IReadOnlyDictionary<int, DateTime> HeldUntil { get; private set; } = new Dictionary<int, DateTime>();
    public SiteClock Clock => clock;
    [TempData] public string? Message { get; set; }
    /// <summary>The completion whose hand-issue form had a problem, to show it open with the message.</summary>
    public int? FailedCompletionId { get; private set; }

    [BindProperty] public DateOnly? IssueDate { get; set; }
    [BindProperty] public string? Reason { get; set; }
    /// <summary>Why a coordinator records someone as completed by exception (特例).</summary>
    [BindProperty] public string? ExceptionReason { get; set; }
    /// <summary>The booking whose exception form had a problem, to show it open with the message.</summary>
    public int? FailedExceptionId { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostIssueAsync(int id, int completionId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        var row = Completed.FirstOrDefault(r => r.Completion!.Id == completionId && r.Certificate is null);
        if (row is null) return NotFound();
        FailedCompletionId = completionId;
        if (IssueDate is null) ModelState.AddModelError(nameof(IssueDate), t["交付日を入力してください。"]);
        if (string.IsNullOrWhiteSpace(Reason)) ModelState.AddModelError(nameof(Reason), t["手で交付する理由を入力してください（例：修了式で手渡しするため）。"]);
        else if (Reason.Trim().Length > ReasonMaxLength) ModelState.AddModelError(nameof(Reason), t["理由は500文字以内で入力してください。"]);
        if (!ModelState.IsValid) return Page();

        var actor = scope.Actor;
        var result = await issuer.IssueAsync(completionId, new ManualIssue(IssueDate!.Value, Reason!.Trim(), actor), cancellationToken);
        switch (result.Outcome)
        {
            case IssueOutcome.Issued:
                Message = string.Format(t["{0}さんの{1}を交付しました（{2}）。"], row.Person.FullName, t[Course.Program!.CertificateTitle].Value,
                    result.Certificate!.SerialLabel);
                return RedirectToPage(new { id });
            case IssueOutcome.DateBeforeCompletion:
                ModelState.AddModelError(nameof(IssueDate), string.Format(t["交付日は、修了した日（{0}）より前にはできません。"],
                    Display.Date(clock.ToLocal(row.Completion!.CompletedAt))));
                return Page();
            case IssueOutcome.DateInFuture:
                ModelState.AddModelError(nameof(IssueDate), t["交付日は、今日より後にはできません。"]);
                return Page();
            case IssueOutcome.MissingGlyphs:
                ModelState.AddModelError(nameof(IssueDate), string.Format(t["名前の「{0}」を印刷できる字体がないため、交付できません。名前を確かめるか、字体を追加してください。"],
                    string.Join("", result.MissingCharacters ?? [])));
                return Page();
            default:
                Message = t["この方には交付できません（修了の記録が変わったか、すでに交付されています）。"];
                return RedirectToPage(new { id });
        }
    }

    /// <summary>Records someone the rule did not complete as completed by exception (特例), with the reason — never without one.</summary>
    public async Task<IActionResult> OnPostExceptionAsync(int id, int registrationId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        var row = StillPossible.Concat(NoLongerPossible).FirstOrDefault(r => r.RegistrationId == registrationId);
        if (row is null) return NotFound();
        FailedExceptionId = registrationId;
        switch (await completions.RecordExceptionAsync(id, registrationId, ExceptionReason, scope.Actor, cancellationToken))
        {
            case ExceptionOutcome.Recorded:
                Message = string.Format(t["{0}さんを特例で修了にしました。"], row.Person.FullName);
                return RedirectToPage(new { id });
            case ExceptionOutcome.ReasonMissing:
                ModelState.AddModelError(nameof(ExceptionReason), t["特例にする理由を入力してください（例：入院のため第3回を欠席。後日、個別に補講）。"]);
                return Page();
            case ExceptionOutcome.ReasonTooLong:
                ModelState.AddModelError(nameof(ExceptionReason), t["理由は500文字以内で入力してください。"]);
                return Page();
            case ExceptionOutcome.CertificateRevoked:
                ModelState.AddModelError(nameof(ExceptionReason), t["この方のこの講座の修了証は取り消されています。特例で修了にすることはできません。"]);
                return Page();
            default:
                Message = t["この方は特例で修了にできません（修了の記録が変わったか、申し込みが取り消されています）。"];
                return RedirectToPage(new { id });
        }
    }

    /// <summary>Takes an exception completion back (undo), while its certificate is not issued.</summary>
    public async Task<IActionResult> OnPostWithdrawExceptionAsync(int id, int completionId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        var row = Completed.FirstOrDefault(r => r.Completion!.Id == completionId);
        if (row is null) return NotFound();
        Message = await completions.WithdrawExceptionAsync(id, completionId, scope.Actor, cancellationToken) switch
        {
            ExceptionOutcome.Withdrawn => string.Format(t["{0}さんの特例の修了を取り消しました。"], row.Person.FullName),
            ExceptionOutcome.CertificateIssued => string.Format(t["{0}さんの修了証はもう交付されています。先に交付台帳で修了証を取り消してください（ご本人に知らせます）。"], row.Person.FullName),
            _ => t["特例の修了ではないため、取り消せません。"],
        };
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().Include(c => c.Program).Include(c => c.Sessions).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (course is null) return NotFound();
        if (!await scope.AllowsAsync(course.AreaId, cancellationToken)) return Forbid();
        Course = course;
        RunIsOver = course.IsOverAt(clock.UtcNow, course.Program!.PlannedSessionCount);
        var assessments = await completions.AssessCourseAsync(id, cancellationToken);
        var registrations = await db.Registrations.AsNoTracking().Include(r => r.Person)
            .Where(r => r.CourseId == id && r.Person!.AnonymisedAt == null
                && (r.Status == RegistrationStatus.Confirmed || db.Completions.Any(c => c.RegistrationId == r.Id)))
            .ToListAsync(cancellationToken);
        var completionRows = await db.Completions.AsNoTracking().Where(c => c.CourseId == id).ToListAsync(cancellationToken);
        var completionIds = completionRows.Select(c => c.Id).ToList();
        var certificates = await db.Certificates.AsNoTracking().Where(c => completionIds.Contains(c.CompletionId)).ToListAsync(cancellationToken);
        var rows = registrations.OrderBy(r => r.Person!.KanaSortKey, StringComparer.Ordinal).Select(r =>
        {
            var completion = completionRows.FirstOrDefault(c => c.RegistrationId == r.Id);
            return new Row(r.Person!, assessments.GetValueOrDefault(r.Id), completion,
                completion is null ? null : certificates.FirstOrDefault(c => c.CompletionId == completion.Id), r.Id);
        }).ToList();
        Completed = rows.Where(r => r.Completion is { Status: CompletionStatus.Completed or CompletionStatus.NeedsReview }).ToList();
        var others = rows.Except(Completed).ToList();
        StillPossible = others.Where(r => r.Assessment is { CanStillComplete: true }).ToList();
        NoLongerPossible = others.Where(r => r.Assessment is not { CanStillComplete: true }).ToList();
        // A certificate waiting for its hold says when it goes out, so nobody wonders whether it was forgotten.
        var held = new Dictionary<int, DateTime>();
        foreach (var row in Completed.Where(r => r.Certificate is null && r.Completion is not null))
            if (await issuer.HeldUntilAsync(row.Completion!.Id, cancellationToken) is { } until) held[row.Completion.Id] = until;
        HeldUntil = held;
        return null;
    }
}
