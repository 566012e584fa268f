using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Audit;
using Training.Data;
using Training.People;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Activities;

/// <summary>
/// One introduction (紹介): its outcome and next follow-up, recorded and corrected (each change in its history); the
/// helper's agreement that the organiser may have their contact, and then — only then — the contact given to the
/// organiser: by email to the organisation, or shown here for the coordinator to read out. Within the staff member's districts.
/// </summary>
public class IntroductionModel(TrainingDbContext db, StaffScope scope, Introductions introductions, SiteClock clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public Introduction Introduction { get; private set; } = null!;
    public LocalActivity Activity { get; private set; } = null!;
    public ActivityNeed Need { get; private set; } = null!;
    public Person Person { get; private set; } = null!;
    public Training.Organisations.Organisation? Organisation { get; private set; }
    public IReadOnlyList<AuditEntry> History { get; private set; } = [];
    /// <summary>The helper's latest 「活動団体への紹介」 decision (null: never asked).</summary>
    public bool? SharingConsent { get; private set; }
    public SiteClock Clock => clock;
    [TempData] public string? Message { get; set; }
    [TempData] public string? Problem { get; set; }

    public async Task<IActionResult> OnGetAsync(int introductionId, CancellationToken cancellationToken) =>
        await LoadAsync(introductionId, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostOutcomeAsync(int introductionId, IntroductionOutcome outcome, DateOnly? followUpOn, CancellationToken cancellationToken) =>
        Answer(await introductions.SetOutcomeAsync(introductionId, outcome, followUpOn, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken),
            introductionId, t["紹介の結果を記録しました。"]);

    public async Task<IActionResult> OnPostAgreementAsync(int introductionId, ContactChannel channel, CancellationToken cancellationToken) =>
        Answer(await introductions.RecordAgreementAsync(introductionId, channel, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken),
            introductionId, t["ご本人の同意を記録しました。連絡先を主催者に伝えられます。"]);

    public async Task<IActionResult> OnPostSendContactAsync(int introductionId, CancellationToken cancellationToken) =>
        Answer(await introductions.SendContactAsync(introductionId, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken),
            introductionId, t["連絡先を主催者に伝えたことを記録しました。"]);

    private IActionResult Answer(IntroductionChange outcome, int introductionId, LocalizedString saved)
    {
        switch (outcome)
        {
            case IntroductionChange.NotFound: return NotFound();
            case IntroductionChange.OutOfScope: return Forbid();
            case IntroductionChange.Invalid invalid: Problem = t[invalid.Message]; break;
            case IntroductionChange.ContactEmailed emailed: Message = string.Format(t["連絡先を、主催者のメール（{0}）に送りました。"], emailed.To); break;
            default: Message = saved; break;
        }
        return RedirectToPage(new { introductionId });
    }

    private async Task<IActionResult?> LoadAsync(int introductionId, CancellationToken cancellationToken)
    {
        var introduction = await db.Introductions.AsNoTracking().FirstOrDefaultAsync(i => i.Id == introductionId, cancellationToken);
        if (introduction is null) return NotFound();
        var activity = await db.LocalActivities.AsNoTracking().Include(a => a.Kind).FirstAsync(a => a.Id == introduction.LocalActivityId, cancellationToken);
        if (!await scope.AllowsAsync(activity.AreaId, cancellationToken)) return Forbid();
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == introduction.PersonId && p.AnonymisedAt == null, cancellationToken);
        if (person is null) return NotFound();
        (Introduction, Activity, Person) = (introduction, activity, person);
        Need = await db.ActivityNeeds.AsNoTracking().FirstAsync(n => n.Id == introduction.NeedId, cancellationToken);
        Organisation = activity.OrganisationId is { } organisationId ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisationId, cancellationToken) : null;
        SharingConsent = await db.LatestConsentAsync(person.Id, ConsentPurpose.SharingWithActivityGroups, cancellationToken);
        var key = introductionId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        History = await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "Introduction" && e.EntityId == key).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return null;
    }
}
