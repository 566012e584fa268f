using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Activities;

/// <summary>Corrects a local activity's details; only within the staff member's districts (404 / 403 otherwise).</summary>
public class EditModel(TrainingDbContext db, StaffScope scope, LocalActivities activities, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public ActivityInput Input { get; set; } = new();
    /// <summary>The details as the form was opened, and the activity's version then: a save by someone else meanwhile refuses this one.</summary>
    [BindProperty] public ActivityInput Original { get; set; } = new();
    [BindProperty] public long Version { get; set; }
    public LocalActivity Activity { get; private set; } = null!;
    public ActivityFields Fields { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        Input = ActivityInput.From(Activity);
        Original = ActivityInput.From(Activity);
        Version = Activity.UpdatedAt.Ticks;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        ModelState.Clear();
        switch (await activities.SaveAsync(id, Input, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken,
                    new DateTime(Version, DateTimeKind.Utc), Original))
        {
            case ActivityChange.NotFound: return NotFound();
            case ActivityChange.OutOfScope: return Forbid();
            case ActivityChange.Invalid invalid:
                foreach (var problem in invalid.Problems) ModelState.AddModelError(problem.Field == "" ? "" : $"Input.{problem.Field}", t[problem.Message]);
                return Page();
            case ActivityChange.Conflict conflict:
                ModelState.AddModelError("", string.Format(t["この活動は、この画面を開いたあとにほかの方が変更しました（{0}）。保存していません。最新の内容を確かめてから、もう一度変更してください。"],
                    string.Join("、", conflict.Fields.Select(f => t[ActivityInput.FieldLabels[f]].Value))));
                // The form now carries the version loaded for this request: what was typed stays, to be saved again once checked.
                Original = ActivityInput.From(Activity);
                Version = Activity.UpdatedAt.Ticks;
                return Page();
            case ActivityChange.Saved saved:
                TempData["Message"] = saved.Fields.Count == 0 ? t["変更はありませんでした。"].Value
                    : string.Format(t["保存しました（{0}）。"], string.Join("、", saved.Fields.Select(f => t[ActivityInput.FieldLabels[f]].Value)));
                return RedirectToPage("/Staff/Activities/Details", new { id });
        }
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var activity = await db.LocalActivities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (activity is null) return NotFound();
        if (!await scope.AllowsAsync(activity.AreaId, cancellationToken)) return Forbid();
        Activity = activity;
        Fields = await ActivityFields.LoadAsync(db, await scope.AreaIdsAsync(cancellationToken), activity.KindId, activity.AreaId, cancellationToken);
        return null;
    }
}
