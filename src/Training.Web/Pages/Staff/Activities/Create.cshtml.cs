using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Activities;

/// <summary>Registers a local activity in one of the staff member's districts (city-wide only for staff of every district).</summary>
public class CreateModel(TrainingDbContext db, StaffScope scope, LocalActivities activities, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public ActivityInput Input { get; set; } = new();
    public ActivityFields Fields { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var outcome = await activities.SaveAsync(null, Input, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken);
        if (outcome is ActivityChange.Saved saved)
        {
            TempData["Message"] = t["活動を登録しました。"].Value;
            return RedirectToPage("/Staff/Activities/Details", new { id = saved.ActivityId });
        }
        if (outcome is ActivityChange.Invalid invalid)
            foreach (var problem in invalid.Problems) ModelState.AddModelError(problem.Field == "" ? "" : $"Input.{problem.Field}", t[problem.Message]);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Fields = await ActivityFields.LoadAsync(db, await scope.AreaIdsAsync(cancellationToken), null, null, cancellationToken);
}
