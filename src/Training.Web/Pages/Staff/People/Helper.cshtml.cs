using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.People;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.People;

/// <summary>
/// A resident's 「活動の希望」 (helper profile): what the product already knows about them (qualifications with validity,
/// completions, the supporter listing, introductions), the districts, days, times and kinds they would help with, and the
/// two consents matching depends on — recorded or withdrawn here on the person's word (phone, paper, in person).
/// Only for residents the staff member reaches; the view is audited like the person's page.
/// </summary>
public class HelperModel(TrainingDbContext db, StaffScope scope, HelperProfiles profiles, PersonalData personalData, SiteClock clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public Person Person { get; private set; } = null!;
    public HelperView View { get; private set; } = null!;
    public SiteClock Clock => clock;
    [BindProperty] public HelperProfileInput Input { get; set; } = new();
    [BindProperty] public List<Weekdays> Days { get; set; } = [];
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        await personalData.AuditAsync(scope.Actor, Training.Audit.AuditAction.View, id, cancellationToken: cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        Input.Days = Days.Aggregate(Weekdays.None, (all, day) => all | day);
        ModelState.Clear();
        switch (await profiles.SaveAsync(id, Input, scope.Actor, cancellationToken))
        {
            case HelperProfileChange.NotFound: return NotFound();
            case HelperProfileChange.Invalid invalid:
                foreach (var problem in invalid.Problems) ModelState.AddModelError($"Input.{problem.Field}", t[problem.Message]);
                View.Input = Input;
                return Page();
            default:
                Message = t["活動の希望を保存しました。"];
                return RedirectToPage(new { id });
        }
    }

    /// <summary>A consent given or withdrawn on the person's word, with how it was taken; counts for matching at once.</summary>
    public async Task<IActionResult> OnPostConsentAsync(int id, ConsentPurpose purpose, bool granted, ContactChannel channel, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refusal) return refusal;
        if (!HelperProfiles.MayRecord(purpose, channel) || channel == ContactChannel.Web) return BadRequest();
        Message = await profiles.SetConsentAsync(id, purpose, granted, channel, scope.Actor, cancellationToken)
            ? granted ? t["同意を記録しました。"] : t["同意の取り消しを記録しました。今から候補に出ません。"]
            : t["記録はすでにそのとおりです。"];
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.AnonymisedAt == null, cancellationToken);
        if (person is null) return NotFound();
        if (!await scope.ReachesAsync(person.Id, cancellationToken)) return Forbid();
        Person = person;
        View = await HelperView.LoadAsync(db, id, cancellationToken);
        return null;
    }
}
