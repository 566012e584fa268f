using Microsoft.AspNetCore.Mvc;
using Training.Leaders;

namespace Training.Web.Pages.Shared.Components.LeaderApprovals;

/// <summary>
/// On a group's leaders page (which checked the coordinator keeps the group): whether the leaders' new and moved
/// sessions wait for approval, the switch, and what waits now, each leading to its decision
/// (<c>/Staff/Leaders/Approvals</c>, where every handler checks the reach again).
/// </summary>
public class LeaderApprovalsViewComponent(LeaderSessionApprovals approvals) : ViewComponent
{
    public sealed record Model(LedGroup Group, bool NeedsApproval, IReadOnlyList<PendingSession> Pending);

    public async Task<IViewComponentResult> InvokeAsync(LedGroup group)
    {
        var cancellationToken = HttpContext.RequestAborted;
        if (await approvals.NeedsApprovalAsync(group, cancellationToken) is not { } needsApproval) return Content("");
        return View(new Model(group, needsApproval, await approvals.PendingAsync(group, cancellationToken)));
    }
}
