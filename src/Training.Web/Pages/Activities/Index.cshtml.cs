using Microsoft.AspNetCore.Mvc.RazorPages;
using Training.Activities;

namespace Training.Web.Pages.Activities;

/// <summary>The public chooser of districts, each leading to its list of local activities; no account needed.</summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Training.Web.Hosting.WebSetup.PublicPages)]
public class IndexModel(PublicActivities activities) : PageModel
{
    public IReadOnlyList<PublicDistrict> Districts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Districts = await activities.DistrictsAsync(cancellationToken);
}
