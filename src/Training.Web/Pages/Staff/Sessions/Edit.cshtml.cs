using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Courses.Scheduling;
using Training.Data;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Sessions;

/// <summary>Moves, edits or cancels one session after the run was generated.</summary>
public class EditModel(TrainingDbContext db, StaffScope scope, SiteClock clock, SessionPlanner planner, SessionChanges changes, IStringLocalizer<SharedResource> t) : PageModel
{
    public Session Session { get; private set; } = null!;
    public string? HolidayWarning { get; private set; }
    [BindProperty] public InputModel Input { get; set; } = new();
    [BindProperty, StringLength(500)] public string? CancelReason { get; set; }
    /// <summary>Staff saw who will be told and said go ahead.</summary>
    [BindProperty] public bool Confirmed { get; set; }
    /// <summary>Set when a change would tell people: the page asks first, saying who and how.</summary>
    public Audience? MoveAudience { get; private set; }
    public Audience? CancelAudience { get; private set; }

    public class InputModel
    {
        [Required(ErrorMessage = "日付を入力してください。")] public DateOnly Date { get; set; }
        [Required(ErrorMessage = "開始時刻を入力してください。")] public TimeOnly Start { get; set; }
        [Required(ErrorMessage = "終了時刻を入力してください。")] public TimeOnly End { get; set; }
        [StringLength(200, ErrorMessage = "200文字以内で入力してください。")] public string? Venue { get; set; }
        [StringLength(200, ErrorMessage = "200文字以内で入力してください。")] public string? Instructor { get; set; }
        [StringLength(400, ErrorMessage = "400文字以内で入力してください。")] public string? Topic { get; set; }
        [StringLength(500, ErrorMessage = "500文字以内で入力してください。")] public string? Reason { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        ShowSession();
        return Page();
    }

    /// <summary>
    /// The form as the session stands. The cancel form posts none of the edit form's fields, so when it comes back
    /// (to ask for a reason, or to confirm) the edit form shows the session again, not an empty date (0001-01-01).
    /// </summary>
    private void ShowSession()
    {
        var start = clock.ToLocal(Session.StartsAt);
        Input = new InputModel
        {
            Date = DateOnly.FromDateTime(start), Start = TimeOnly.FromDateTime(start), End = TimeOnly.FromDateTime(clock.ToLocal(Session.EndsAt)),
            Venue = Session.Venue, Instructor = Session.Instructor, Topic = Session.Topic,
        };
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input.", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        HolidayWarning = planner.ClosedReason(Input.Date);
    }

    public async Task<IActionResult> OnPostSaveAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        if (Input.End <= Input.Start) ModelState.AddModelError("Input.End", t["終了時刻は開始時刻より後にしてください。"]);
        if (!ModelState.IsValid) return Page();
        var move = new SessionMove(Input.Date, Input.Start, Input.End, Input.Venue, Input.Instructor, Input.Topic, Input.Reason);
        switch (await changes.RescheduleAsync(id, move, Confirmed, t["日時を変更しました"], scope.Actor, cancellationToken))
        {
            case SessionEdit.NeedsConfirmation confirmation:
                MoveAudience = confirmation.Audience;
                return Page();
            case SessionEdit.Saved saved:
                TempData["Message"] = saved.Moved
                    ? ToldText.SessionMoved(t, saved.Told)
                    : t["日程を変更しました。"].Value;
                return Redirect(Training.Configuration.SiteLinks.StaffCourseSessions(saved.CourseId));
            default:
                return NotFound();
        }
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        ShowSession();
        switch (await changes.CancelAsync(id, CancelReason, Confirmed, scope.Actor, cancellationToken))
        {
            case SessionCancellation.ReasonMissing:
                ModelState.AddModelError(nameof(CancelReason), t["中止の理由を入力してください（例：台風のため）。"]);
                return Page();
            case SessionCancellation.NeedsConfirmation confirmation:
                CancelAudience = confirmation.Audience;
                return Page();
            case SessionCancellation.Cancelled cancelled:
                TempData["Message"] = ToldText.SessionCancelled(t, cancelled.Told);
                return Redirect(Training.Configuration.SiteLinks.StaffCourseSessions(cancelled.CourseId));
            case SessionCancellation.AlreadyCancelled already:
                return Redirect(Training.Configuration.SiteLinks.StaffCourseSessions(already.CourseId));
            default:
                return NotFound();
        }
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.AsNoTracking().Include(s => s.Course!).ThenInclude(c => c.Program).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null) return NotFound();
        if (!await scope.AllowsAsync(session.Course!.AreaId, cancellationToken)) return Forbid();
        Session = session;
        // A leader's session waiting for approval is decided on the approvals page (approve, or decline with a reason the
        // leader reads, which that page says); a declined one was never on the schedule. Neither is moved or cancelled here.
        switch (session.Status)
        {
            case SessionStatus.Pending:
                return RedirectToPage("/Staff/Leaders/Approvals", new { kind = "program", groupId = session.Course.ProgramId, sessionId = session.Id });
            case SessionStatus.Declined:
                TempData["Message"] = t["この回は見送りになった予定で、予定表には出ていません。変更や中止はできません。"].Value;
                return Redirect(Training.Configuration.SiteLinks.StaffCourseSessions(session.CourseId));
        }
        return null;
    }
}
