using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Audit;
using Training.Data;
using Training.Organisations;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Admin.Organisations;

/// <summary>
/// One organisation: its name, the number residents phone and when it is answered; and who issues its certificates
/// from which day (certificates already issued keep the issuer they were issued under).
/// </summary>
public class EditModel(TrainingDbContext db, UnitOfWork unitOfWork, ContactNumbers contacts, StaffAudit audit, SiteClock clock,
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
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > 200) ModelState.AddModelError(nameof(Name), t["団体の名前を200文字以内で入力してください。"]);
        if (!string.IsNullOrWhiteSpace(Phone) && Training.Text.PhoneNumbers.Digits(Phone) is not { Length: >= 10 and <= 13 })
            ModelState.AddModelError(nameof(Phone), t[Training.People.PersonInput.Messages.PhoneInvalid]);
        if (OpeningHours is { Length: > 200 }) ModelState.AddModelError(nameof(OpeningHours), t["受付時間は200文字以内で入力してください。"]);
        if (!ModelState.IsValid) return Page();
        await unitOfWork.RunAsync(async ct =>
        {
            var organisation = await db.Organisations.FirstAsync(o => o.Id == id, ct);
            var before = $"{organisation.Name} / {organisation.Phone} / {organisation.OpeningHours}";
            organisation.Name = Name!.Trim();
            organisation.Phone = string.IsNullOrWhiteSpace(Phone) ? null : Phone.Trim();
            organisation.OpeningHours = string.IsNullOrWhiteSpace(OpeningHours) ? null : OpeningHours.Trim();
            await audit.RecordAsync(AuditAction.OrganisationUpdate, Training.Audit.AuditTarget.OfSetting("Organisation", id.ToString(System.Globalization.CultureInfo.InvariantCulture), organisation.Name),
                $"{before} → {organisation.Name} / {organisation.Phone} / {organisation.OpeningHours}", ct);
            unitOfWork.AfterCommit(contacts.Forget);
        }, cancellationToken);
        Message = t["保存しました。"];
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostIssuerAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        if (string.IsNullOrWhiteSpace(IssuerTitle) || IssuerTitle.Trim().Length > 200) ModelState.AddModelError(nameof(IssuerTitle), t["肩書きを200文字以内で入力してください（例：韮崎市長）。"]);
        if (string.IsNullOrWhiteSpace(IssuerName) || IssuerName.Trim().Length > 200) ModelState.AddModelError(nameof(IssuerName), t["名前を200文字以内で入力してください。"]);
        if (Training.Text.NameText.Problem(IssuerName) is { } nameProblem) ModelState.AddModelError(nameof(IssuerName), t[nameProblem]);
        if (IssuerFrom is null) ModelState.AddModelError(nameof(IssuerFrom), t["いつからかを入力してください。"]);
        if (!ModelState.IsValid) return Page();
        await unitOfWork.RunAsync(async ct =>
        {
            var organisation = await db.Organisations.Include(o => o.Issuers).FirstAsync(o => o.Id == id, ct);
            organisation.AppointIssuer(IssuerTitle!, IssuerName!, IssuerFrom!.Value, Today);
            await audit.RecordAsync(AuditAction.OrganisationIssuer, Training.Audit.AuditTarget.OfSetting("Organisation", id.ToString(System.Globalization.CultureInfo.InvariantCulture), organisation.Name),
                $"{IssuerTitle} {IssuerName} from {IssuerFrom:yyyy-MM-dd}", ct);
        }, cancellationToken);
        Message = string.Format(t["{0}からの発行者を登録しました。それより前に交付した修了証は、再交付しても前の発行者のままです。"], Display.Date(IssuerFrom!.Value.ToDateTime(TimeOnly.MinValue)));
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var organisation = await db.Organisations.AsNoTracking().Include(o => o.Issuers).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organisation is null) return false;
        Organisation = organisation;
        return true;
    }
}
