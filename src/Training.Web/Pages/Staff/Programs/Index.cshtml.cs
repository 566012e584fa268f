using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;

namespace Training.Web.Pages.Staff.Programs;

/// <summary>Training programs and open activities, with how each is completed.</summary>
public class IndexModel(TrainingDbContext db, Training.Web.Staff.StaffScope scope, Training.Qualifications.QualificationService qualifications) : PageModel
{
    public IReadOnlyList<TrainingProgram> Programs { get; private set; } = [];
    /// <summary>Programs this staff member may change; the others are listed without a link to change them.</summary>
    public IReadOnlySet<int> Changeable { get; private set; } = new HashSet<int>();
    /// <summary>By program: how many who completed it do not hold the qualification it grants (attached after they completed).</summary>
    public IReadOnlyDictionary<int, int> Ungranted { get; private set; } = new Dictionary<int, int>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Programs = await db.Programs.AsNoTracking().Include(p => p.Organisation).Include(p => p.Area).Include(p => p.GrantsQualificationType)
            .OrderBy(p => !p.IsActive).ThenBy(p => p.Kind).ThenBy(p => p.NameKana).ToListAsync(cancellationToken);
        var changeable = new HashSet<int>();
        foreach (var program in Programs)
            if (await scope.MayChangeAsync(program, cancellationToken)) changeable.Add(program.Id);
        Changeable = changeable;
        Ungranted = await qualifications.UngrantedCountsAsync(cancellationToken);
    }
}
