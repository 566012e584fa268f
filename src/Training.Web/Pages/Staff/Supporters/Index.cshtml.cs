using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Qualifications;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Supporters;

/// <summary>
/// Listed supporters (登録) for coordinators matching people with activities: only those who opted in and whose
/// qualification is in force, by district and interests. There is no public list of individuals.
/// </summary>
public class IndexModel(TrainingDbContext db, StaffScope scope, SiteClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Area { get; set; }
    [BindProperty(SupportsGet = true)] public string? Interest { get; set; }
    public IReadOnlyList<Qualification> Supporters { get; private set; } = [];
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
        Supporters = await query.OrderBy(q => q.Person!.KanaSortKey).Take(500).ToListAsync(cancellationToken);
    }
}
