using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Training.Attendance;
using Training.Web.Leaders;

namespace Training.Web.Pages.Lead;

/// <summary>The printable sign-in sheet (出席簿) of one of the leader's group's sessions: the same PDF coordinators print, without anyone whose record was deleted, audited with the leader as the actor.</summary>
public class SignInSheetModel(LeaderScope scope, SessionRoster roster) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var (_, session, refusal) = await scope.SessionAsync(id, cancellationToken);
        if (refusal is not null) return refusal;
        var bytes = await roster.SignInSheetAsync(session!, scope.Actor, RosterReader.GroupLeader, cancellationToken);
        return File(bytes, "application/pdf", $"sign-in-sheet-{session!.Id}.pdf");
    }
}
