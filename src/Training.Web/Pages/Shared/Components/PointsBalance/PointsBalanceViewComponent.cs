using Microsoft.AspNetCore.Mvc;
using Training.Activities;

namespace Training.Web.Pages.Shared.Components.PointsBalance;

/// <summary>
/// A helper's volunteer points per fiscal year, this year first, each with its statement (PDF): on the staff person page
/// (whose access that page checked) and on the resident's own page (<paramref name="token"/> given: the statement
/// links go through it). Nothing at all while the city does not use points.
/// </summary>
public class PointsBalanceViewComponent(Training.Activities.Points points) : ViewComponent
{
    public sealed record Model(int PersonId, string? Token, IReadOnlyList<PointBalance> Balances);

    public async Task<IViewComponentResult> InvokeAsync(int personId, string? token = null)
    {
        var cancellationToken = HttpContext.RequestAborted;
        if (!await points.EnabledAsync(cancellationToken)) return Content("");
        return View(new Model(personId, token, await points.BalancesAsync(personId, cancellationToken)));
    }
}
