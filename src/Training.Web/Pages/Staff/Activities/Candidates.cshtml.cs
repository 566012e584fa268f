using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.Data;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Activities;

/// <summary>
/// 「候補を探す」 for one need of a local activity: the people matching suggests, best first, each with the reasons, and
/// a button to introduce them. Only within the staff member's districts, and only residents they reach.
/// </summary>
public class CandidatesModel(TrainingDbContext db, StaffScope scope, Matching matching, SiteClock clock) : PageModel
{
    public LocalActivity Activity { get; private set; } = null!;
    public ActivityNeed Need { get; private set; } = null!;
    public string? Qualification { get; private set; }
    public MatchResult.Found? Result { get; private set; }
    public bool Closed { get; private set; }
    public SiteClock Clock => clock;

    public async Task<IActionResult> OnGetAsync(int id, int needId, CancellationToken cancellationToken)
    {
        var need = await db.ActivityNeeds.AsNoTracking().FirstOrDefaultAsync(n => n.Id == needId && n.LocalActivityId == id, cancellationToken);
        if (need is null) return NotFound();
        var outcome = await matching.SuggestAsync(needId, await scope.AreaIdsAsync(cancellationToken), cancellationToken);
        switch (outcome)
        {
            case MatchResult.NotFound: return NotFound();
            case MatchResult.OutOfScope: return Forbid();
            case MatchResult.Closed: Closed = true; break;
            case MatchResult.Found found: Result = found; break;
        }
        Need = need;
        Activity = await db.LocalActivities.AsNoTracking().Include(a => a.Kind).Include(a => a.Area).FirstAsync(a => a.Id == id, cancellationToken);
        Qualification = need.QualificationTypeId is { } typeId
            ? await db.QualificationTypes.AsNoTracking().Where(q => q.Id == typeId).Select(q => q.Name).FirstOrDefaultAsync(cancellationToken) : null;
        return Page();
    }
}
