using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Notifications;
using Training.People;
using Training.Time;

namespace Training.Web.Pages.Staff.Emails;

/// <summary>The outbox as staff see it: what waits, what went, and for what failed, the server's own reason.</summary>
public class IndexModel(TrainingDbContext db, SiteClock clock, Training.Web.Staff.StaffScope scope, EmailOutbox outbox) : PageModel
{
    private const int PageSize = 100;

    [BindProperty(SupportsGet = true)]
    public EmailStatus? Status { get; set; }

    /// <summary>One person's message history, from their page.</summary>
    [BindProperty(SupportsGet = true)]
    public int? PersonId { get; set; }
    public string? PersonName { get; private set; }

    public IReadOnlyList<OutboundEmail> Emails { get; private set; } = [];
    public Dictionary<EmailStatus, int> Counts { get; private set; } = [];
    public SiteClock Clock => clock;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var visible = await VisibleAsync(cancellationToken);
        Counts = await visible.GroupBy(e => e.Status)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var query = visible.AsNoTracking();
        if (Status is not null) query = query.Where(e => e.Status == Status);
        if (PersonId is not null)
        {
            var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == PersonId, cancellationToken);
            if (person is null || !await scope.ReachesAsync(person.Id, cancellationToken)) { Emails = []; return; }
            PersonName = person.FullName;
            query = query.Where(e => e.PersonId == PersonId);
        }
        Emails = await query.OrderByDescending(e => e.Id).Take(PageSize).ToListAsync(cancellationToken);
    }

    /// <summary>Sends a failed message again from the start (after the address or the server was fixed).</summary>
    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken cancellationToken)
    {
        var changed = await outbox.RetryFailedAsync((await VisibleAsync(cancellationToken)).Where(e => e.Id == id), cancellationToken);
        TempData["Message"] = changed > 0 ? "retried" : null;
        return RedirectToPage(new { Status, PersonId });
    }

    public async Task<IActionResult> OnPostRetryAllAsync(CancellationToken cancellationToken)
    {
        var changed = await outbox.RetryFailedAsync(await VisibleAsync(cancellationToken), cancellationToken);
        TempData["Message"] = changed > 0 ? "retried" : null;
        return RedirectToPage(new { Status, PersonId });
    }

    /// <summary>A coordinator limited to some areas sees the mail of the residents they reach (their districts' and their courses' people) and their own staff mail only.</summary>
    private async Task<IQueryable<OutboundEmail>> VisibleAsync(CancellationToken cancellationToken)
    {
        var areas = await scope.AreaIdsAsync(cancellationToken);
        if (areas.Count == 0) return db.OutboundEmails;
        var ownAddress = scope.User.Identity?.Name ?? "";
        return db.OutboundEmails.Where(e =>
            (e.PersonId != null && db.People.Within(db, areas).Any(p => p.Id == e.PersonId))
            || (e.PersonId == null && e.ToAddress == ownAddress));
    }
}
