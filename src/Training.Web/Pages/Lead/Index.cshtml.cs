using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Training.Leaders;
using Training.Time;
using Training.Web.Leaders;

namespace Training.Web.Pages.Lead;

/// <summary>
/// A group leader's home: their group, its upcoming and recent sessions with how many are booked, each leading to the
/// people booked. Only the group the leader leads now (<see cref="LeaderScope"/>); nothing here changes anything.
/// </summary>
public class IndexModel(LeaderScope scope, GroupSessions sessions, SiteClock clock) : PageModel
{
    public LedGroup Group { get; private set; } = null!;
    public IReadOnlyList<GroupSession> Upcoming { get; private set; } = [];
    public IReadOnlyList<GroupSession> Recent { get; private set; } = [];
    public SiteClock Clock => clock;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await scope.GroupAsync(cancellationToken) is not { } group) return Forbid();
        Group = group;
        (Upcoming, Recent) = await sessions.OverviewAsync(group, cancellationToken);
        return Page();
    }
}
