using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.People;
using Training.Time;
using Training.Web.Hosting;

namespace Training.Web.Pages.My;

/// <summary>
/// The resident's own 「地域の活動のお手伝い」 page, reached from their page by its secret link: what they would help with
/// (districts, days, times, kinds), and the two consents — to be suggested for activities, and to have their contact given
/// to an organiser — given or withdrawn by themselves, at once. No account.
/// </summary>
[EnableRateLimiting(RateLimits.PublicForms)]
public class HelperModel(TrainingDbContext db, HelperProfiles profiles, SiteClock clock, Training.Organisations.ContactNumbers contacts, IStringLocalizer<SharedResource> t) : PageModel
{
    public Person Person { get; private set; } = null!;
    public HelperView View { get; private set; } = null!;
    public string Token { get; private set; } = "";
    public SiteClock Clock => clock;
    public Training.Organisations.ContactNumber Contact => contacts.General;
    [BindProperty] public HelperProfileInput Input { get; set; } = new();
    [BindProperty] public List<Weekdays> Days { get; set; } = [];
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        Input.Days = Days.Aggregate(Weekdays.None, (all, day) => all | day);
        ModelState.Clear();
        switch (await profiles.SaveAsync(Person.Id, Input, Actor.Resident, cancellationToken))
        {
            case HelperProfileChange.NotFound: return NotFound();
            case HelperProfileChange.Invalid invalid:
                foreach (var problem in invalid.Problems) ModelState.AddModelError($"Input.{problem.Field}", t[problem.Message]);
                View.Input = Input;
                Response.Headers.CacheControl = "no-store";
                return Page();
            default:
                Notice = t["活動の希望を保存しました。ありがとうございます。"];
                return RedirectToPage(new { token });
        }
    }

    /// <summary>The resident gives or withdraws one consent themselves; a withdrawal counts at once.</summary>
    public async Task<IActionResult> OnPostConsentAsync(string token, ConsentPurpose purpose, bool granted, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        if (!HelperProfiles.Purposes.Contains(purpose)) return BadRequest();
        await profiles.SetConsentAsync(Person.Id, purpose, granted, ContactChannel.Web, Actor.Resident, cancellationToken);
        Notice = granted ? t["同意をお受けしました。"] : t["同意を取り消しました。今後、このためにご連絡先を使うことはありません。"];
        return RedirectToPage(null, null, new { token }, "consents");
    }

    private async Task<bool> LoadAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64) return false;
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.AccessToken == token && p.AnonymisedAt == null, cancellationToken);
        if (person is null) return false;
        (Person, Token) = (person, token);
        View = await HelperView.LoadAsync(db, person.Id, cancellationToken);
        return true;
    }
}
