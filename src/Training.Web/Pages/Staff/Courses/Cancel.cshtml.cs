using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Courses;

/// <summary>Cancels a whole run — after saying which sessions end and who will be told, and how.</summary>
public class CancelModel(TrainingDbContext db, StaffScope scope, CourseChanges changes, SiteClock clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int ReasonMaxLength = 500;

    [BindProperty] public string? Reason { get; set; }
    public Course Course { get; private set; } = null!;
    public IReadOnlyList<Session> SessionsToCancel { get; private set; } = [];
    public Audience Audience { get; private set; } = Audience.None;
    public SiteClock Clock => clock;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(Reason)) ModelState.AddModelError(nameof(Reason), t["中止の理由を入力してください（お知らせに載ります）。"]);
        else if (Reason.Trim().Length > ReasonMaxLength) ModelState.AddModelError(nameof(Reason), t["理由は500文字以内で入力してください。"]);
        if (!ModelState.IsValid || Course.Status == CourseStatus.Cancelled) return Page();
        var actor = scope.Actor;
        var told = await changes.CancelAsync(id, Reason!, actor, cancellationToken);
        TempData["Message"] = told is null ? t["この講座は、すでに中止になっています。"].Value
            : string.Format(t["講座を中止しました。メールで{0}人にお知らせし、{1}人を電話連絡リスト（至急）に載せました。"], told.ByEmail, told.ByPhone) + ToldText.AlsoSent(t, told);
        return Redirect(Training.Configuration.SiteLinks.StaffCourse(id));
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var (course, refusal) = await scope.CourseAsync(id, cancellationToken);
        if (course is null) return refusal;
        Course = course;
        var now = clock.UtcNow;
        SessionsToCancel = await db.Sessions.AsNoTracking().Where(s => s.CourseId == id && s.Status == SessionStatus.Scheduled && s.StartsAt > now)
            .OrderBy(s => s.StartsAt).ToListAsync(cancellationToken);
        Audience = await changes.CancellationAudienceAsync(id, cancellationToken);
        return null;
    }
}
