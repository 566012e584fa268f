using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Training.Leaders;
using Training.Time;
using Training.Web.Leaders;

namespace Training.Web.Pages.Lead;

/// <summary>
/// One session of the leader's group: when and where, and the people booked for it in 五十音順 — names and furigana,
/// and a phone number only for those who agreed to give it to the group's leader. Another group's session, asked for by
/// its id, is refused (<see cref="LeaderScope.SessionAsync"/>); the view is recorded in the audit log.
/// </summary>
public class SessionModel(LeaderScope scope, GroupSessions sessions, SiteClock clock) : PageModel
{
    public LedGroup Group { get; private set; } = null!;
    public GroupSession Session { get; private set; } = null!;
    public IReadOnlyList<Registrant> People { get; private set; } = [];
    public SiteClock Clock => clock;
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var (group, session, refusal) = await scope.SessionAsync(id, cancellationToken);
        if (refusal is not null) return refusal;
        Group = group!;
        Session = await sessions.SessionAsync(Group, session!, cancellationToken);
        People = await sessions.RegistrantsAsync(Group, session!, scope.Actor, cancellationToken);
        return Page();
    }
}
