using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Data;
using Training.Organisations;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Admin.Areas;

/// <summary>
/// The districts (地区): added when the city reorganises, renamed, and retired — a retired district leaves every form's
/// choices but keeps its people, courses, history and figures.
/// </summary>
public class IndexModel(TrainingDbContext db, Districts districts, StaffScope scope, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed record Row(Area Area, int People);
    public IReadOnlyList<Row> Areas { get; private set; } = [];
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? NameKana { get; set; }
    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>Adds a district, or renames one when <paramref name="id"/> is given.</summary>
    public async Task<IActionResult> OnPostSaveAsync(int? id, CancellationToken cancellationToken)
    {
        switch (await districts.SaveAsync(id, Name, NameKana, scope.Actor, cancellationToken))
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

    /// <summary>Retires a district (or brings it back): gone from the choices, kept in the records and the figures.</summary>
    public async Task<IActionResult> OnPostActiveAsync(int id, bool active, CancellationToken cancellationToken)
    {
        if (!await districts.SetActiveAsync(id, active, scope.Actor, cancellationToken)) return NotFound();
        Message = active ? t["地区を選べるようにもどしました。"] : t["地区を選べないようにしました。これまでの参加者・講座・実績はそのまま残ります。"];
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Areas = (await db.Areas.AsNoTracking().OrderBy(a => a.SortOrder)
                .Select(a => new { Area = a, People = db.People.Count(p => p.AreaId == a.Id && p.AnonymisedAt == null) }).ToListAsync(cancellationToken))
            .Select(r => new Row(r.Area, r.People)).ToList();
}
