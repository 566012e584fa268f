using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Data;
using Training.Qualifications;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Admin.Qualifications;

/// <summary>
/// Adds or changes a qualification type: its name, how long it stays valid, and which programs renew it. A new
/// validity first shows what it would do to the qualifications people hold, and the administrator chooses whether
/// they follow it or only new grants do.
/// </summary>
public class EditModel(TrainingDbContext db, StaffScope scope, QualificationService qualifications, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 2000;

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Description { get; set; }
    /// <summary>Months; empty: does not expire.</summary>
    [BindProperty] public int? ValidityMonths { get; set; }
    [BindProperty] public List<int> RenewingProgramIds { get; set; } = [];
    /// <summary>Set once the effect on holders was shown: "holders" (they follow) or "new" (only new grants do).</summary>
    [BindProperty] public string? ApplyTo { get; set; }

    public int? Id { get; private set; }
    public QualificationType? Existing { get; private set; }
    public IReadOnlyList<(int Id, string Name)> Programs { get; private set; } = [];
    public QualificationService.ValidityEffect? Effect { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } missing) return missing;
        if (Existing is not null)
        {
            (Name, Description, ValidityMonths) = (Existing.Name, Existing.Description, Existing.ValidityMonths);
            RenewingProgramIds = await db.Programs.Where(p => p.RenewsQualificationTypeId == id).Select(p => p.Id).ToListAsync(cancellationToken);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } missing) return missing;
        ModelState.Clear();
        var name = Name?.Trim() ?? "";
        if (name.Length == 0) ModelState.AddModelError(nameof(Name), t["資格の名前を入力してください。"]);
        else if (name.Length > NameMaxLength) ModelState.AddModelError(nameof(Name), t["200文字以内で入力してください。"]);
        else if (await db.QualificationTypes.AnyAsync(q => q.Name == name && q.Id != (id ?? 0), cancellationToken))
            ModelState.AddModelError(nameof(Name), t["同じ名前の資格がすでにあります。"]);
        if (Description?.Length > DescriptionMaxLength) ModelState.AddModelError(nameof(Description), t["説明は2000文字以内で入力してください。"]);
        if (ValidityMonths is not null and not (>= 1 and <= 600)) ModelState.AddModelError(nameof(ValidityMonths), t["有効期間は1〜600か月で入力してください（期限がないときは空にします）。"]);
        if (RenewingProgramIds.Any(p => Programs.All(x => x.Id != p))) ModelState.AddModelError(nameof(RenewingProgramIds), t["講座を選び直してください。"]);
        if (!ModelState.IsValid) return Page();

        // A new validity changes what people hold only if the administrator says so, after seeing how many.
        if (Existing is not null && Existing.ValidityMonths != ValidityMonths && ApplyTo is not ("holders" or "new"))
        {
            Effect = await qualifications.ValidityEffectAsync(Existing.Id, ValidityMonths, cancellationToken);
            if (Effect.Holders > 0) return Page();
        }
        var actor = scope.Actor;
        await qualifications.SaveTypeAsync(id, name, Description ?? "", ValidityMonths, RenewingProgramIds, ApplyTo == "holders", actor, cancellationToken);
        TempData["Message"] = string.Format(t["資格「{0}」を保存しました。"], name);
        return RedirectToPage("/Staff/Admin/Qualifications/Index");
    }

    private async Task<IActionResult?> LoadAsync(int? id, CancellationToken cancellationToken)
    {
        Id = id;
        if (id is not null)
        {
            Existing = await db.QualificationTypes.AsNoTracking().FirstOrDefaultAsync(q => q.Id == id, cancellationToken);
            if (Existing is null) return NotFound();
        }
        Programs = (await db.Programs.AsNoTracking().Where(p => p.Kind == Training.Courses.ProgramKind.CertificateProgram).OrderBy(p => p.NameKana)
            .Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken)).Select(p => (p.Id, p.Name)).ToList();
        return null;
    }
}
