using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Training.Leaders;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff;

/// <summary>
/// The leaders of one group, kept by the group's coordinator (a district's for its activities, administrators for any):
/// listed, invited (the staff invitation's one-time link, mailed or shown here once), sent a new link, revoked at once,
/// let back in. A local activity's page and a program's are this one on their own addresses (<see cref="GroupOf"/>).
/// Each handler asks <see cref="GroupLeaders"/> with this staff member's reach, which refuses a group outside it.
/// </summary>
public abstract class LeadersPage(GroupLeaders leaders, StaffScope scope, SiteClock clock, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>The group this page is about, from the id in its address.</summary>
    protected abstract LeaderGroup GroupOf(int id);

    public LedGroup Group { get; private set; } = null!;
    public IReadOnlyList<LeaderAccount> Leaders { get; private set; } = [];
    public SiteClock Clock => clock;
    [BindProperty] public LeaderInput Input { get; set; } = new();
    /// <summary>Send the link by email; otherwise it is shown here once, to hand over in person.</summary>
    [BindProperty] public bool SendInvitation { get; set; } = true;
    /// <summary>Shown once, when a link was made to hand over rather than mailed; with whose it is.</summary>
    public (string Name, string Url)? HandOver { get; private set; }
    [TempData] public string? Message { get; set; }
    [TempData] public string? Problem { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostInviteAsync(int id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var outcome = await leaders.InviteAsync(GroupOf(id), Input, await scope.ProgramReachAsync(cancellationToken), scope.Actor, SendInvitation, cancellationToken);
        if (outcome is LeaderChange.Invalid invalid)
        {
            if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
            foreach (var problem in invalid.Problems) ModelState.AddModelError(problem.Field == "" ? "" : $"Input.{problem.Field}", t[problem.Message]);
            return Page();
        }
        if (outcome is LeaderChange.Done { SetPasswordUrl: { } url })
        {
            if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
            HandOver = (Input.DisplayName.Trim(), url);
            Input = new();
            return Page();
        }
        return Answer(outcome, id, string.Format(t["{0}さんをリーダーに招き、パスワードを決めるためのメールを送りました。"], Input.DisplayName.Trim()));
    }

    /// <summary>A new one-time link to set the password: mailed, or shown here once.</summary>
    public async Task<IActionResult> OnPostLinkAsync(int id, string userId, bool sendByEmail, CancellationToken cancellationToken)
    {
        var outcome = await leaders.SendLinkAgainAsync(GroupOf(id), userId, await scope.ProgramReachAsync(cancellationToken), scope.Actor, sendByEmail, cancellationToken);
        if (outcome is LeaderChange.Done { SetPasswordUrl: { } url })
        {
            if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
            HandOver = (Leaders.FirstOrDefault(l => l.UserId == userId)?.DisplayName ?? "", url);
            return Page();
        }
        return Answer(outcome, id, t["パスワードを決めるためのリンクを、メールで送りました。"]);
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, string userId, CancellationToken cancellationToken) =>
        Answer(await leaders.RevokeAsync(GroupOf(id), userId, await scope.ProgramReachAsync(cancellationToken), scope.Actor, cancellationToken), id,
            t["リーダーのアカウントを止めました。ログイン中の画面も、次の操作からは使えません。"]);

    public async Task<IActionResult> OnPostReinstateAsync(int id, string userId, CancellationToken cancellationToken) =>
        Answer(await leaders.ReinstateAsync(GroupOf(id), userId, await scope.ProgramReachAsync(cancellationToken), scope.Actor, cancellationToken), id,
            t["リーダーのアカウントを、また使えるようにしました。"]);

    /// <summary>A leader's authenticator app turned off (a lost phone), after the confirmation on the page; the staff reset's mail and audit.</summary>
    public async Task<IActionResult> OnPostResetTwoFactorAsync(int id, string userId, CancellationToken cancellationToken) =>
        Answer(await leaders.ResetTwoFactorAsync(GroupOf(id), userId, await scope.ProgramReachAsync(cancellationToken), scope.Actor, cancellationToken), id,
            t["認証アプリでのログインを解除しました。ご本人にメールで知らせました。"]);

    private IActionResult Answer(LeaderChange outcome, int id, string done)
    {
        switch (outcome)
        {
            case LeaderChange.NotFound: return NotFound();
            case LeaderChange.OutOfScope: return Forbid();
            case LeaderChange.Invalid invalid: Problem = string.Join(" ", invalid.Problems.Select(p => t[p.Message].Value)); break;
            default: Message = done; break;
        }
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (await leaders.FindAsync(GroupOf(id), cancellationToken) is not { } group) return NotFound();
        if (!group.IsKeptBy(await scope.ProgramReachAsync(cancellationToken))) return Forbid();
        Group = group;
        Leaders = await leaders.ListAsync(group.Group, cancellationToken);
        return null;
    }
}
