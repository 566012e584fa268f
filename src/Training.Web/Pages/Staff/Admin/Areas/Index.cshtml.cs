using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Audit;
using Training.Data;
using Training.Organisations;
using Training.Text;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Admin.Areas;

/// <summary>
/// The districts (地区): added when the city reorganises, renamed, and retired — a retired district leaves every form's
/// choices but keeps its people, courses, history and figures.
/// </summary>
public class IndexModel(TrainingDbContext db, UnitOfWork unitOfWork, StaffAudit audit, IStringLocalizer<SharedResource> t) : PageModel
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
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 100 || NameText.Problem(Name) is not null)
            ModelState.AddModelError(nameof(Name), t["地区の名前を100文字以内で入力してください。"]);
        if (string.IsNullOrWhiteSpace(NameKana) || NameKana.Trim().Length > 200 || !NameFolding.IsKana(NameKana))
            ModelState.AddModelError(nameof(NameKana), t["ふりがなは、ひらがなかカタカナで入力してください。"]);
        var name = Name?.Trim() ?? "";
        if (ModelState.IsValid && await db.Areas.AnyAsync(a => a.Name == name && a.Id != id, cancellationToken))
            ModelState.AddModelError(nameof(Name), t["同じ名前の地区がすでにあります。"]);
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        var found = await unitOfWork.RunAsync(async ct =>
        {
            Area? area;
            if (id is null)
            {
                var order = (await db.Areas.MaxAsync(a => (int?)a.SortOrder, ct) ?? 0) + 1;
                area = new Area { Code = $"area-{Tokens.ShortCode(8).ToLowerInvariant()}", Name = name, NameKana = NameFolding.NormaliseFurigana(NameKana!), SortOrder = order };
                db.Areas.Add(area);
            }
            else
            {
                area = await db.Areas.FirstOrDefaultAsync(a => a.Id == id, ct);
                if (area is null) return false;
                await AuditAsync(AuditAction.AreaRename, area, $"{area.Name} → {name}", ct);
                area.Name = name;
                area.NameKana = NameFolding.NormaliseFurigana(NameKana!);
            }
            if (id is null) await AuditAsync(AuditAction.AreaAdd, area, name, ct);
            return true;
        }, cancellationToken);
        if (!found) return NotFound();
        Message = t["保存しました。"];
        return RedirectToPage();
    }

    /// <summary>Retires a district (or brings it back): gone from the choices, kept in the records and the figures.</summary>
    public async Task<IActionResult> OnPostActiveAsync(int id, bool active, CancellationToken cancellationToken)
    {
        var found = await unitOfWork.RunAsync(async ct =>
        {
            var area = await db.Areas.FirstOrDefaultAsync(a => a.Id == id, ct);
            if (area is null) return false;
            area.IsActive = active;
            await AuditAsync(active ? AuditAction.AreaRestore : AuditAction.AreaRetire, area, area.Name, ct);
            return true;
        }, cancellationToken);
        if (!found) return NotFound();
        Message = active ? t["地区を選べるようにもどしました。"] : t["地区を選べないようにしました。これまでの参加者・講座・実績はそのまま残ります。"];
        return RedirectToPage();
    }

    private Task AuditAsync(AuditAction action, Area area, string details, CancellationToken cancellationToken) =>
        audit.RecordAsync(action, Training.Audit.AuditTarget.OfSetting("Area", area.Id == 0 ? null : area.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), area.Name),
            details, cancellationToken);

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Areas = (await db.Areas.AsNoTracking().OrderBy(a => a.SortOrder)
                .Select(a => new { Area = a, People = db.People.Count(p => p.AreaId == a.Id && p.AnonymisedAt == null) }).ToListAsync(cancellationToken))
            .Select(r => new Row(r.Area, r.People)).ToList();
}
