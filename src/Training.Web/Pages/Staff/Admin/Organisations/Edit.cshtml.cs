using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Data;
using Training.Organisations;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Admin.Organisations;

/// <summary>
/// One organisation: its name, the number residents phone and when it is answered; and who issues its certificates
/// from which day (certificates already issued keep the issuer they were issued under).
/// </summary>
public class EditModel(TrainingDbContext db, OrganisationSettings settings, StaffScope scope, SiteClock clock,
    IStringLocalizer<SharedResource> t) : PageModel
{
    public Organisation Organisation { get; private set; } = null!;
    public DateOnly Today => clock.Today;
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? OpeningHours { get; set; }
    [BindProperty] public string? IssuerTitle { get; set; }
    [BindProperty] public string? IssuerName { get; set; }
    [BindProperty] public DateOnly? IssuerFrom { get; set; }
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        (Name, Phone, OpeningHours) = (Organisation.Name, Organisation.Phone, Organisation.OpeningHours);
        IssuerFrom = Today;
        return Page();
    }

    public async Task<IActionResult> OnPostContactAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var change = await settings.ChangeContactAsync(id, Name, Phone, OpeningHours, scope.Actor, cancellationToken);
        if (Outcome(change) is { } shown) return shown;
        Message = t["保存しました。"];
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostIssuerAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var change = await settings.AppointIssuerAsync(id, IssuerTitle, IssuerName, IssuerFrom, scope.Actor, cancellationToken);
        if (Outcome(change) is { } shown) return shown;
        Message = string.Format(t["{0}からの発行者を登録しました。それより前に交付した修了証は、再交付しても前の発行者のままです。"], Display.Date(IssuerFrom!.Value.ToDateTime(TimeOnly.MinValue)));
        return RedirectToPage(new { id });
    }

    /// <summary>The page again with the problems by field, or not found; null when it was saved.</summary>
    private IActionResult? Outcome(SettingChange change)
    {
        switch (change)
        {
            case SettingChange.Invalid invalid:
                foreach (var problem in invalid.Problems) ModelState.AddModelError(problem.Field, t[problem.Message]);
                return Page();
            case SettingChange.NotFound:
                return NotFound();
            default:
                return null;
        }
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var organisation = await db.Organisations.AsNoTracking().Include(o => o.Issuers).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organisation is null) return false;
        Organisation = organisation;
        return true;
    }
}
