using Microsoft.AspNetCore.Mvc.RazorPages;
using Training.Staff;
using Training.Time;

namespace Training.Web.Pages.Staff.Admin.Staff;

/// <summary>The city's team: every staff member with their role, areas, last sign-in and whether they may sign in.</summary>
public class IndexModel(StaffAccounts accounts, SiteClock clock) : PageModel
{
    public IReadOnlyList<StaffAccount> Accounts { get; private set; } = [];
    public SiteClock Clock => clock;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Accounts = await accounts.ListAsync(cancellationToken);
}
