using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Notifications;
using Training.Notifications.Channels;
using Training.People;
using Training.Time;

namespace Training.Web.Pages.Staff.Emails;

/// <summary>The outbox as staff see it, every channel: what waits, what went, and for what failed, the server's or the
/// provider's own reason (and, for LINE and SMS, the call it fell back to).</summary>
public class IndexModel(TrainingDbContext db, SiteClock clock, Training.Web.Staff.StaffScope scope, EmailOutbox outbox, ChannelOutbox channels) : PageModel
{
    private const int PageSize = 100;

    [BindProperty(SupportsGet = true)]
    public EmailStatus? Status { get; set; }

    /// <summary>One person's message history, from their page.</summary>
    [BindProperty(SupportsGet = true)]
    public int? PersonId { get; set; }
    public string? PersonName { get; private set; }

    /// <summary>One channel only (メール, LINE, SMS); null: all.</summary>
    [BindProperty(SupportsGet = true)]
    public NoticeChannel? Channel { get; set; }

    public IReadOnlyList<OutboundEmail> Emails { get; private set; } = [];
    /// <summary>The channel outbox's rows with the name of whom each is for.</summary>
    public IReadOnlyList<(OutboundMessage Message, string Name)> Messages { get; private set; } = [];
    public Dictionary<EmailStatus, int> Counts { get; private set; } = [];
    public bool ShowsEmail => Channel is null or NoticeChannel.Email;
    public bool ShowsMessages => Channel is null || OutboundMessage.Carries(Channel.Value);
    public SiteClock Clock => clock;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var visible = ShowsEmail ? await VisibleAsync(cancellationToken) : db.OutboundEmails.Where(e => false);
        var messages = ShowsMessages ? await VisibleMessagesAsync(cancellationToken) : db.OutboundMessages.Where(m => false);
        var counts = (await visible.GroupBy(e => e.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .Concat(await messages.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken));
        Counts = counts.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        var query = visible.AsNoTracking();
        var messageQuery = messages.AsNoTracking();
        if (Status is not null)
        {
            query = query.Where(e => e.Status == Status);
            messageQuery = messageQuery.Where(m => m.Status == Status);
        }
        if (PersonId is not null)
        {
            var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == PersonId, cancellationToken);
            if (person is null || !await scope.ReachesAsync(person.Id, cancellationToken)) { Emails = []; return; }
            PersonName = person.FullName;
            query = query.Where(e => e.PersonId == PersonId);
            messageQuery = messageQuery.Where(m => m.PersonId == PersonId);
        }
        Emails = await query.OrderByDescending(e => e.Id).Take(PageSize).ToListAsync(cancellationToken);
        var rows = await messageQuery.OrderByDescending(m => m.Id).Take(PageSize).ToListAsync(cancellationToken);
        var ids = rows.Select(m => m.PersonId).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, Name = p.FamilyName + " " + p.GivenName })
            .ToDictionaryAsync(p => p.Id, p => p.Name.Trim(), cancellationToken);
        Messages = rows.Select(m => (m, names.GetValueOrDefault(m.PersonId, ""))).ToList();
    }

    /// <summary>Sends a failed message again from the start (after the address or the server was fixed).</summary>
    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken cancellationToken)
    {
        var changed = await outbox.RetryFailedAsync((await VisibleAsync(cancellationToken)).Where(e => e.Id == id), cancellationToken);
        TempData["Message"] = changed > 0 ? "retried" : null;
        return RedirectToPage(new { Status, PersonId, Channel });
    }

    /// <summary>Sends a failed LINE or SMS notice again from the start (after the number or the provider was fixed).</summary>
    public async Task<IActionResult> OnPostRetryMessageAsync(long id, CancellationToken cancellationToken)
    {
        var changed = await channels.RetryFailedAsync((await VisibleMessagesAsync(cancellationToken)).Where(m => m.Id == id), cancellationToken);
        TempData["Message"] = changed > 0 ? "retried" : null;
        return RedirectToPage(new { Status, PersonId, Channel });
    }

    public async Task<IActionResult> OnPostRetryAllAsync(CancellationToken cancellationToken)
    {
        var changed = 0;
        if (ShowsEmail) changed += await outbox.RetryFailedAsync(await VisibleAsync(cancellationToken), cancellationToken);
        if (ShowsMessages) changed += await channels.RetryFailedAsync(await VisibleMessagesAsync(cancellationToken), cancellationToken);
        TempData["Message"] = changed > 0 ? "retried" : null;
        return RedirectToPage(new { Status, PersonId, Channel });
    }

    /// <summary>LINE and SMS notices are all to residents: a coordinator limited to some areas sees those of the residents they reach.</summary>
    private async Task<IQueryable<OutboundMessage>> VisibleMessagesAsync(CancellationToken cancellationToken)
    {
        var areas = await scope.AreaIdsAsync(cancellationToken);
        if (areas.Count == 0) return db.OutboundMessages;
        return db.OutboundMessages.Where(m => db.People.Within(db, areas).Any(p => p.Id == m.PersonId));
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
