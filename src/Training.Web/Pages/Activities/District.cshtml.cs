using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Training.Activities;
using Training.Organisations;

namespace Training.Web.Pages.Activities;

/// <summary>
/// One district's local activities for residents: those that chose to be listed and still run, with the city-wide ones
/// in their own section — what, when, where and whom to call, nothing about any resident. No account needed.
/// </summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Training.Web.Hosting.WebSetup.PublicPages)]
public class DistrictModel(PublicActivities activities) : PageModel
{
    public DistrictActivities List { get; private set; } = null!;
    public ContactNumber Office { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await activities.ForAreaAsync(id, cancellationToken) is not { } list) return NotFound();
        List = list;
        Office = await activities.OfficeAsync(cancellationToken);
        return Page();
    }
}
