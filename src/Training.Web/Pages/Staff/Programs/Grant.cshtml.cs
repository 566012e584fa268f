using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Courses;
using Training.Data;
using Training.Qualifications;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Programs;

/// <summary>
/// The qualification a program grants, for those who completed it before it was attached: who would be granted it
/// (names, completion dates), then one button that grants it to them, audited. Nothing left: says so.
/// </summary>
public class GrantModel(TrainingDbContext db, StaffScope scope, QualificationService qualifications, SiteClock clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public TrainingProgram Program { get; private set; } = null!;
    public IReadOnlyList<QualificationService.Ungranted> Ungranted { get; private set; } = [];
    public SiteClock Clock => clock;
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        Ungranted = await qualifications.UngrantedAsync(id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } denied) return denied;
        var result = await qualifications.GrantRetroactivelyAsync(id, scope.Actor, cancellationToken);
        Message = result.Granted.Count == 0
            ? t["付与する方はいませんでした（みなさん、もうこの資格をお持ちです）。"]
            : string.Format(t["{0}人に「{1}」を付与しました：{2}"], result.Granted.Count, result.QualificationName, string.Join("、", result.Granted.Select(g => g.Name)));
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var program = await db.Programs.AsNoTracking().Include(p => p.GrantsQualificationType).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (program is null) return NotFound();
        if (!await scope.MayChangeAsync(program, cancellationToken)) return Forbid();
        Program = program;
        return null;
    }
}
