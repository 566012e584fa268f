using Microsoft.AspNetCore.Mvc.RazorPages;
using Training.Leaders;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Leaders;

/// <summary>
/// Every group with a leader that this staff member keeps (their districts' groups; every group for administrators):
/// how each leader stands, the group's month so far and what its leaders did lately. Revoking is on the group's own
/// leaders page, linked from here.
/// </summary>
public class IndexModel(LeaderOversight oversight, StaffScope scope, SiteClock clock) : PageModel
{
    public IReadOnlyList<OverseenGroup> Groups { get; private set; } = [];
    public SiteClock Clock => clock;
    public DateOnly Month => new(clock.Today.Year, clock.Today.Month, 1);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Groups = await oversight.OverviewAsync(await scope.ProgramReachAsync(cancellationToken), cancellationToken);
}
