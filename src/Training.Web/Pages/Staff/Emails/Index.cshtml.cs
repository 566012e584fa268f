using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Notifications;
using Training.Time;

namespace Training.Web.Pages.Staff.Emails;

/// <summary>The outbox as staff see it: what waits, what went, and for what failed, the server's own reason.</summary>
public class IndexModel(TrainingDbContext db, SiteClock clock, Training.Web.Staff.StaffScope scope, IBackgroundJobClient jobs) : PageModel
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
        Counts = await db.OutboundEmails.GroupBy(e => e.Status)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var query = db.OutboundEmails.AsNoTracking();
        if (Status is not null) query = query.Where(e => e.Status == Status);
        if (PersonId is not null)
        {
            var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == PersonId, cancellationToken);
            if (person is null || !await scope.AllowsAsync(person.AreaId, cancellationToken)) { Emails = []; return; }
            PersonName = person.FullName;
            query = query.Where(e => e.PersonId == PersonId);
        }
        Emails = await query.OrderByDescending(e => e.Id).Take(PageSize).ToListAsync(cancellationToken);
    }

    /// <summary>Sends a failed message again from the start (after the address or the server was fixed).</summary>
    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken cancellationToken)
    {
        var changed = await Retryable().Where(e => e.Id == id).ExecuteUpdateAsync(Reset, cancellationToken);
        if (changed > 0) jobs.Enqueue<OutboxDispatchJob>(job => job.RunAsync(CancellationToken.None));
        TempData["Message"] = changed > 0 ? "retried" : null;
        return RedirectToPage(new { Status, PersonId });
    }

    public async Task<IActionResult> OnPostRetryAllAsync(CancellationToken cancellationToken)
    {
        var changed = await Retryable().ExecuteUpdateAsync(Reset, cancellationToken);
        if (changed > 0) jobs.Enqueue<OutboxDispatchJob>(job => job.RunAsync(CancellationToken.None));
        TempData["Message"] = changed > 0 ? "retried" : null;
        return RedirectToPage(new { Status, PersonId });
    }

    private IQueryable<OutboundEmail> Retryable() => db.OutboundEmails.Where(e => e.Status == EmailStatus.Failed);

    private void Reset(Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<OutboundEmail> setters) => setters
        .SetProperty(e => e.Status, EmailStatus.Pending)
        .SetProperty(e => e.Attempts, 0)
        .SetProperty(e => e.NextAttemptAt, clock.UtcNow);
}
