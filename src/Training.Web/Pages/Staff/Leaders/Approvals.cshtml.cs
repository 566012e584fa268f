using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Data;
using Training.Leaders;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Leaders;

/// <summary>
/// The coordinator's decisions on a group's leaders' sessions: the group's setting (do new and moved sessions wait for
/// approval), and one waiting session — a new one approved or declined, a proposed move approved (made like any move:
/// who will be told is shown first, then the notices) or declined, with a reason the leader reads. The group comes from
/// the address (a local activity or a program) and must be one the coordinator keeps; the session must be the group's.
/// </summary>
public class ApprovalsModel(GroupLeaders leaders, LeaderSessionApprovals approvals, TrainingDbContext db, StaffScope scope, SiteClock clock,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public LedGroup Group { get; private set; } = null!;
    public Session Session { get; private set; } = null!;
    public SiteClock Clock => clock;
    [BindProperty, StringLength(500, ErrorMessage = "500文字以内で入力してください。")] public string? Reason { get; set; }
    [BindProperty] public bool Confirmed { get; set; }
    /// <summary>Set when approving the move would tell people: the page asks first, saying who and how.</summary>
    public Audience? MoveAudience { get; private set; }

    /// <summary>The address's word for a kind of group.</summary>
    public static string KindOf(LeaderGroup group) => group.Kind == LeaderGroupKind.LocalActivity ? "activity" : "program";

    public async Task<IActionResult> OnGetAsync(string kind, int groupId, int? sessionId, CancellationToken cancellationToken) =>
        await LoadAsync(kind, groupId, sessionId, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostSettingAsync(string kind, int groupId, bool needApproval, CancellationToken cancellationToken)
    {
        if (await LoadGroupAsync(kind, groupId, cancellationToken) is { } refusal) return refusal;
        var outcome = await approvals.SetNeedsApprovalAsync(Group, needApproval, await scope.ProgramReachAsync(cancellationToken), scope.Actor, cancellationToken);
        if (outcome is ApprovalDecision.OutOfScope) return Forbid();
        TempData["Message"] = (needApproval ? t["リーダーが入れる予定は、承認してから予定表に出します。"] : t["リーダーが入れる予定は、すぐに予定表に出します。"]).Value;
        return BackToGroup();
    }

    /// <summary>Every new session waiting, at once (a month planned); from the group's leaders page.</summary>
    public async Task<IActionResult> OnPostApproveAllAsync(string kind, int groupId, CancellationToken cancellationToken)
    {
        if (await LoadGroupAsync(kind, groupId, cancellationToken) is { } refusal) return refusal;
        switch (await approvals.ApproveAllAsync(Group, await scope.ProgramReachAsync(cancellationToken), scope.Actor, cancellationToken))
        {
            case ApprovalDecision.OutOfScope: return Forbid();
            case ApprovalDecision.Done done:
                TempData["Message"] = string.Format(t["{0}件の予定を承認しました。予定表に出て、申し込めるようになりました。"].Value, done.Approved);
                break;
            default:
                TempData["Message"] = t["この予定は、もう承認を待っていません。"].Value;
                break;
        }
        return BackToGroup();
    }

    public Task<IActionResult> OnPostApproveAsync(string kind, int groupId, int sessionId, CancellationToken cancellationToken) =>
        DecideAsync(kind, groupId, sessionId, async reach => await approvals.ApproveAsync(Group, sessionId, reach, scope.Actor, cancellationToken),
            t["承認しました。予定表に出て、申し込めるようになりました。"], cancellationToken);

    public Task<IActionResult> OnPostDeclineAsync(string kind, int groupId, int sessionId, CancellationToken cancellationToken) =>
        DecideAsync(kind, groupId, sessionId, async reach => Session.HasProposal
                ? await approvals.DeclineMoveAsync(Group, sessionId, Reason, reach, scope.Actor, cancellationToken)
                : await approvals.DeclineAsync(Group, sessionId, Reason, reach, scope.Actor, cancellationToken),
            t["見送りました。リーダーのページに理由が出ます。"], cancellationToken);

    public Task<IActionResult> OnPostApproveMoveAsync(string kind, int groupId, int sessionId, CancellationToken cancellationToken) =>
        DecideAsync(kind, groupId, sessionId, async reach => await approvals.ApproveMoveAsync(Group, sessionId, Confirmed, t["日時を変更しました"], reach, scope.Actor, cancellationToken),
            t["変更を承認しました。"], cancellationToken);

    private async Task<IActionResult> DecideAsync(string kind, int groupId, int sessionId, Func<ProgramReach, Task<ApprovalDecision>> decide, string done,
        CancellationToken cancellationToken)
    {
        if (await LoadAsync(kind, groupId, sessionId, cancellationToken) is { } refusal) return refusal;
        switch (await decide(await scope.ProgramReachAsync(cancellationToken)))
        {
            case ApprovalDecision.Done d:
                TempData["Message"] = d.Told is { Total: > 0 } told
                    ? $"{done} {string.Format(t["メール{0}通を送り、電話連絡リストに{1}件を載せました。"].Value, told.ByEmail, told.ByPhone)}{ToldText.AlsoSent(t, told)}" : done;
                return BackToGroup();
            case ApprovalDecision.NeedsConfirmation confirmation:
                MoveAudience = confirmation.Audience;
                return Page();
            case ApprovalDecision.ReasonMissing:
                ModelState.AddModelError(nameof(Reason), t["見送る理由を入力してください（リーダーに伝わります）。"]);
                return Page();
            case ApprovalDecision.TooLate:
                ModelState.AddModelError("", t["この日時は過ぎたため、承認できません。"]);
                return Page();
            case ApprovalDecision.NothingWaiting:
                ModelState.AddModelError("", t["この予定は、もう承認を待っていません。"]);
                return Page();
            case ApprovalDecision.OutOfScope: return Forbid();
            default: return NotFound();
        }
    }

    private IActionResult BackToGroup() => Group.Group.Kind == LeaderGroupKind.LocalActivity
        ? RedirectToPage("/Staff/Activities/Leaders", new { id = Group.Group.Id })
        : RedirectToPage("/Staff/Programs/Leaders", new { id = Group.Group.Id });

    private async Task<IActionResult?> LoadGroupAsync(string kind, int groupId, CancellationToken cancellationToken)
    {
        var wanted = kind == "activity" ? LeaderGroup.Activity(groupId) : kind == "program" ? LeaderGroup.Program(groupId) : (LeaderGroup?)null;
        if (wanted is null || await leaders.FindAsync(wanted.Value, cancellationToken) is not { } group) return NotFound();
        if (!group.IsKeptBy(await scope.ProgramReachAsync(cancellationToken))) return Forbid();
        Group = group;
        return null;
    }

    private async Task<IActionResult?> LoadAsync(string kind, int groupId, int? sessionId, CancellationToken cancellationToken)
    {
        if (await LoadGroupAsync(kind, groupId, cancellationToken) is { } refusal) return refusal;
        if (sessionId is null) return BackToGroup();
        var session = await db.Sessions.AsNoTracking().Include(s => s.Course).FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null || !Group.Includes(session.Course!)) return NotFound();
        Session = session;
        return null;
    }
}
