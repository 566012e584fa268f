using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Leaders;
using Training.Time;
using Training.Web.Leaders;

namespace Training.Web.Pages.Lead;

/// <summary>
/// A group leader moves or cancels one of the group's sessions still to come (<see cref="LeaderSessionPlans"/>): the
/// same confirmation as a coordinator's, naming who will be told, then the notices. A move in a group that needs
/// approval is held as a proposal for the coordinator; a cancellation takes effect at once. Another group's session,
/// asked for by its id, is refused by <see cref="LeaderScope.SessionAsync"/> at every request.
/// </summary>
public class ChangeModel(LeaderScope scope, LeaderSessionPlans plans, LeaderSessionApprovals approvals, SiteClock clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public LedGroup Group { get; private set; } = null!;
    public Session Session { get; private set; } = null!;
    /// <summary>Whether the group's moves wait for a coordinator's approval.</summary>
    public bool NeedsApproval { get; private set; }
    /// <summary>Whether the leader may still change it: on, or waiting, and not begun.</summary>
    public bool Changeable => Session.StartsAt > clock.UtcNow && Session.Status is SessionStatus.Scheduled or SessionStatus.Pending;
    public SiteClock Clock => clock;
    [BindProperty] public MoveInput Input { get; set; } = new();
    [BindProperty, StringLength(500)] public string? CancelReason { get; set; }
    /// <summary>The leader saw who will be told and said go ahead.</summary>
    [BindProperty] public bool Confirmed { get; set; }
    public Audience? MoveAudience { get; private set; }
    public Audience? CancelAudience { get; private set; }

    public class MoveInput
    {
        [Required(ErrorMessage = "日付を入力してください。")] public DateOnly Date { get; set; }
        [Required(ErrorMessage = "開始時刻を入力してください。")] public TimeOnly Start { get; set; }
        [Required(ErrorMessage = "終了時刻を入力してください。")] public TimeOnly End { get; set; }
        [StringLength(200, ErrorMessage = "200文字以内で入力してください。")] public string? Venue { get; set; }
        [StringLength(500, ErrorMessage = "500文字以内で入力してください。")] public string? Reason { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        ShowSession();
        return Page();
    }

    public async Task<IActionResult> OnPostMoveAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        if (!ModelState.IsValid) return Page();
        var move = new SessionMove(Input.Date, Input.Start, Input.End, Input.Venue, Session.Instructor, Session.Topic, Input.Reason);
        var outcome = await plans.MoveAsync(Group, id, move, Confirmed, t["日時を変更しました"], scope.Actor, cancellationToken);
        switch (outcome)
        {
            case LeaderSessionChange.NeedsConfirmation confirmation:
                MoveAudience = confirmation.Audience;
                return Page();
            case LeaderSessionChange.Proposed:
                TempData["Message"] = t["変更を申し出ました。担当のコーディネーターが承認するまで、集まりはもとの日時のままです（申し込んだ方へのお知らせも、承認のあとです）。"].Value;
                return RedirectToPage("/Lead/Session", new { id });
            case LeaderSessionChange.Done done:
                TempData["Message"] = done.Notified
                    ? ToldText.SessionMoved(t, done.Told)
                    : t["日程を変更しました。"].Value;
                return RedirectToPage("/Lead/Session", new { id });
        }
        return Refused(outcome, "Input.Date");
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        ShowSession();
        var outcome = await plans.CancelAsync(Group, id, CancelReason, Confirmed, scope.Actor, cancellationToken);
        switch (outcome)
        {
            case LeaderSessionChange.NeedsConfirmation confirmation:
                CancelAudience = confirmation.Audience;
                return Page();
            case LeaderSessionChange.Withdrawn:
                TempData["Message"] = t["承認待ちの予定を取り下げました。"].Value;
                return RedirectToPage("/Lead/Index");
            case LeaderSessionChange.Done done:
                TempData["Message"] = ToldText.SessionCancelled(t, done.Told);
                return RedirectToPage("/Lead/Session", new { id });
        }
        return Refused(outcome, nameof(CancelReason));
    }

    private IActionResult Refused(LeaderSessionChange outcome, string field)
    {
        switch (outcome)
        {
            case LeaderSessionChange.NotTheGroups: return Forbid();
            case LeaderSessionChange.NotFound: return NotFound();
        }
        ModelState.AddModelError(field, LeaderSessionMessages.Refusal(outcome, t, clock) ?? "");
        return Page();
    }

    /// <summary>The move form as the session stands (also when the cancel form comes back, which posts none of its fields).</summary>
    private void ShowSession()
    {
        var start = clock.ToLocal(Session.StartsAt);
        Input = new MoveInput
        {
            Date = DateOnly.FromDateTime(start), Start = TimeOnly.FromDateTime(start), End = TimeOnly.FromDateTime(clock.ToLocal(Session.EndsAt)), Venue = Session.Venue,
        };
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input.", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var (group, session, refusal) = await scope.SessionAsync(id, cancellationToken);
        if (refusal is not null) return refusal;
        (Group, Session) = (group!, session!);
        NeedsApproval = await approvals.NeedsApprovalAsync(Group, cancellationToken) ?? true;
        return null;
    }
}
