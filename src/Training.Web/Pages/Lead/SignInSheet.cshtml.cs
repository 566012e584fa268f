using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Training.Attendance;
using Training.Courses;
using Training.Leaders;
using Training.Time;
using Training.Web.Leaders;

namespace Training.Web.Pages.Lead;

/// <summary>
/// The printable sign-in sheet (出席簿) of one of the leader's group's sessions: the same PDF coordinators print, without
/// anyone whose record was deleted, audited with the leader as the actor; a cancelled session's page says there is none.
/// </summary>
public class SignInSheetModel(LeaderScope scope, SessionRoster roster, SiteClock clock) : PageModel
{
    public LedGroup Group { get; private set; } = null!;
    public Session Session { get; private set; } = null!;
    public SiteClock Clock => clock;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var (group, session, refusal) = await scope.SessionAsync(id, cancellationToken);
        if (refusal is not null) return refusal;
        (Group, Session) = (group!, session!);
        var bytes = await roster.SignInSheetAsync(Session, scope.Actor, RosterReader.GroupLeader, cancellationToken);
        return bytes is null ? Page() : File(bytes, "application/pdf", $"sign-in-sheet-{Session.Id}.pdf");
    }
}
