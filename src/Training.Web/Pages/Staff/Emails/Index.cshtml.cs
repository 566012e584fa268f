using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Notifications;
using Training.Time;

namespace Training.Web.Pages.Staff.Emails;

/// <summary>The outbox as staff see it: what waits, what went, and for what failed, the server's own reason.</summary>
public class IndexModel(TrainingDbContext db, SiteClock clock) : PageModel
{
    private const int PageSize = 100;

    [BindProperty(SupportsGet = true)]
    public EmailStatus? Status { get; set; }

    public IReadOnlyList<OutboundEmail> Emails { get; private set; } = [];
    public Dictionary<EmailStatus, int> Counts { get; private set; } = [];
    public SiteClock Clock => clock;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Counts = await db.OutboundEmails.GroupBy(e => e.Status)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var query = db.OutboundEmails.AsNoTracking();
        if (Status is not null) query = query.Where(e => e.Status == Status);
        Emails = await query.OrderByDescending(e => e.Id).Take(PageSize).ToListAsync(cancellationToken);
    }
}
