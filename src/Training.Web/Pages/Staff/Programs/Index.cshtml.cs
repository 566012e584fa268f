using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;

namespace Training.Web.Pages.Staff.Programs;

/// <summary>Training programs and open activities, with how each is completed.</summary>
public class IndexModel(TrainingDbContext db) : PageModel
{
    public IReadOnlyList<TrainingProgram> Programs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Programs = await db.Programs.AsNoTracking().Include(p => p.Organisation).Include(p => p.GrantsQualificationType)
            .OrderBy(p => !p.IsActive).ThenBy(p => p.Kind).ThenBy(p => p.NameKana).ToListAsync(cancellationToken);
}
