using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Organisations;
using Training.Time;

namespace Training.Web.Pages.Staff.Admin.Organisations;

/// <summary>The city and the councils: their phone numbers for residents and who issues their certificates.</summary>
public class IndexModel(TrainingDbContext db, SiteClock clock) : PageModel
{
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];
    public DateOnly Today => clock.Today;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Organisations = await db.Organisations.AsNoTracking().Include(o => o.Issuers).OrderBy(o => o.Kind).ThenBy(o => o.Id).ToListAsync(cancellationToken);
}
