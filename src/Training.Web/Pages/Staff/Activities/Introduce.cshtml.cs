using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Training.Activities;
using Training.Data;
using Training.People;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Activities;

/// <summary>
/// Introducing one candidate to a need (紹介): before anything is sent, the page says who will be told and how — an email
/// to the address on record, or a call on the call list for the follow-up date — and waits for the coordinator's yes.
/// </summary>
public class IntroduceModel(TrainingDbContext db, StaffScope scope, Introductions introductions, SiteClock clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public LocalActivity Activity { get; private set; } = null!;
    public ActivityNeed Need { get; private set; } = null!;
    public Person Person { get; private set; } = null!;
    public IntroductionNotice Notice { get; private set; } = null!;
    [BindProperty(SupportsGet = true)] public DateOnly? FollowUpOn { get; set; }
    public SiteClock Clock => clock;

    public async Task<IActionResult> OnGetAsync(int id, int needId, int personId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, needId, personId, cancellationToken) is { } refusal) return refusal;
        FollowUpOn ??= clock.Today.AddDays(7);
        Notice = (await introductions.NoticeForAsync(personId, FollowUpOn, cancellationToken))!;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, int needId, int personId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, needId, personId, cancellationToken) is { } refusal) return refusal;
        var outcome = await introductions.IntroduceAsync(needId, personId, FollowUpOn, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken);
        switch (outcome)
        {
            case IntroductionChange.NotFound: return NotFound();
            case IntroductionChange.OutOfScope: return Forbid();
            case IntroductionChange.Invalid invalid:
                ModelState.AddModelError(nameof(FollowUpOn), t[invalid.Message]);
                Notice = (await introductions.NoticeForAsync(personId, FollowUpOn, cancellationToken))!;
                return Page();
            case IntroductionChange.Saved saved:
                var told = (await introductions.NoticeForAsync(personId, FollowUpOn, cancellationToken))!;
                TempData["Message"] = told.ByEmail ? t["紹介を記録し、ご本人にメールでお知らせしました。"].Value
                    : told.ByCall ? t["紹介を記録し、電話連絡の一覧に載せました。"].Value
                    : string.Format(t["紹介を記録し、ご本人に{0}でお知らせしました。"], Labels.NoticeChannel(t, told.Channel));
                return RedirectToPage("/Staff/Activities/Introduction", new { introductionId = saved.IntroductionId });
            default: return BadRequest();
        }
    }

    private async Task<IActionResult?> LoadAsync(int id, int needId, int personId, CancellationToken cancellationToken)
    {
        var activity = await db.LocalActivities.AsNoTracking().Include(a => a.Kind).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        var need = await db.ActivityNeeds.AsNoTracking().FirstOrDefaultAsync(n => n.Id == needId && n.LocalActivityId == id, cancellationToken);
        if (activity is null || need is null) return NotFound();
        if (!await scope.AllowsAsync(activity.AreaId, cancellationToken)) return Forbid();
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId && p.AnonymisedAt == null, cancellationToken);
        if (person is null || !await scope.ReachesAsync(personId, cancellationToken)) return NotFound();
        (Activity, Need, Person) = (activity, need, person);
        return null;
    }
}
