using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.Organisations;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Admin.ActivityKinds;

/// <summary>The kinds of local activity (サロン, 居場所, 見守り…): added, renamed, reordered, retired — a retired kind leaves the choices and stays on the activities that have it.</summary>
public class IndexModel(TrainingDbContext db, Training.Activities.ActivityKinds kinds, StaffScope scope, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed record Row(ActivityKind Kind, int Activities);
    public IReadOnlyList<Row> Kinds { get; private set; } = [];
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? NameEn { get; set; }
    [BindProperty] public int SortOrder { get; set; }
    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        SortOrder = Kinds.Count == 0 ? 1 : Kinds.Max(k => k.Kind.SortOrder) + 1;
    }

    /// <summary>Adds a kind, or changes one when <paramref name="id"/> is given.</summary>
    public async Task<IActionResult> OnPostSaveAsync(int? id, CancellationToken cancellationToken)
    {
        switch (await kinds.SaveAsync(id, Name, SortOrder, scope.Actor, cancellationToken, NameEn))
        {
            case SettingChange.Invalid invalid:
                foreach (var problem in invalid.Problems) ModelState.AddModelError(problem.Field, t[problem.Message]);
                await LoadAsync(cancellationToken);
                return Page();
            case SettingChange.NotFound:
                return NotFound();
        }
        Message = t["保存しました。"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostActiveAsync(int id, bool active, CancellationToken cancellationToken)
    {
        if (!await kinds.SetActiveAsync(id, active, scope.Actor, cancellationToken)) return NotFound();
        Message = active ? t["種類を選べるようにもどしました。"] : t["種類を選べないようにしました。この種類の活動の記録はそのまま残ります。"];
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Kinds = (await db.ActivityKinds.AsNoTracking().OrderBy(k => k.SortOrder).ThenBy(k => k.Id)
                .Select(k => new { Kind = k, Activities = db.LocalActivities.Count(a => a.KindId == k.Id) }).ToListAsync(cancellationToken))
            .Select(r => new Row(r.Kind, r.Activities)).ToList();
}
