using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.Data;
using Training.Qualifications;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Supporters;

/// <summary>
/// Listed supporters (登録) for coordinators matching people with activities: only those who opted in and whose
/// qualification is in force, by district, interests and stage (活動中・休止中・研修済み, from <see cref="HelperStages"/>).
/// There is no public list of individuals.
/// </summary>
public class IndexModel(TrainingDbContext db, StaffScope scope, SiteClock clock, HelperStages stages) : PageModel
{
    /// <summary>The stages the filter offers: a listed supporter holds a qualification, so is at least trained.</summary>
    public static readonly HelperStage[] StageChoices = [HelperStage.Active, HelperStage.Lapsed, HelperStage.Trained];

    [BindProperty(SupportsGet = true)] public int? Area { get; set; }
    [BindProperty(SupportsGet = true)] public string? Interest { get; set; }
    [BindProperty(SupportsGet = true)] public HelperStage? Stage { get; set; }
    public IReadOnlyList<Qualification> Supporters { get; private set; } = [];
    /// <summary>Each listed person's stage, by id, by the one rule: one query whatever the number of rows.</summary>
    public IReadOnlyDictionary<int, HelperStage> Stages { get; private set; } = new Dictionary<int, HelperStage>();
    public IReadOnlyList<(int Id, string Name)> Areas { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Areas = await db.AreasAsync(cancellationToken);
        var now = clock.UtcNow;
        var query = db.Qualifications.AsNoTracking().Include(q => q.Person!).ThenInclude(p => p.Area).Include(q => q.QualificationType)
            .Where(q => q.ListedAsSupporter && q.WithdrawnAt == null && (q.ExpiresAt == null || q.ExpiresAt > now) && q.Person!.AnonymisedAt == null);
        var areas = await scope.AreaIdsAsync(cancellationToken);
        if (areas.Count > 0) query = query.Where(q => q.Person!.AreaId != null && areas.Contains(q.Person.AreaId.Value));
        if (Area is not null) query = query.Where(q => q.Person!.AreaId == Area);
        if (!string.IsNullOrWhiteSpace(Interest) && Interest.Length <= 100) query = query.Where(q => q.Interests.Contains(Interest.Trim()));
        if (Stage is { } stage && StageChoices.Contains(stage))
        {
            // The stage is derived, not stored: the stages of everyone the other filters leave, in one query, then only those in it.
            var listed = query.Select(q => q.PersonId);
            Stages = await stages.StagesOfAsync(db.People.Where(p => listed.Contains(p.Id)), cancellationToken);
            var chosen = Stages.Where(s => s.Value == stage).Select(s => s.Key).ToList();
            query = query.Where(q => chosen.Contains(q.PersonId));
        }
        else Stage = null;
        Supporters = await query.OrderBy(q => q.Person!.KanaSortKey).ThenBy(q => q.Id).Take(500).ToListAsync(cancellationToken);
        if (Stage is null)
        {
            var shown = Supporters.Select(q => q.PersonId).Distinct().ToList();
            Stages = await stages.StagesOfAsync(db.People.Where(p => shown.Contains(p.Id)), cancellationToken);
        }
    }
}
