using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Data;
using Training.Time;

namespace Training.Web.Pages.Staff.Admin;

/// <summary>The audit log (administrators only): who viewed, exported or changed whose personal data, and when.</summary>
public class AuditModel(TrainingDbContext db, SiteClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? PersonId { get; set; }
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public SiteClock Clock => clock;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (PersonId is not null) query = query.Where(e => e.PersonId == PersonId);
        Entries = await query.OrderByDescending(e => e.Id).Take(500).ToListAsync(cancellationToken);
    }
}
