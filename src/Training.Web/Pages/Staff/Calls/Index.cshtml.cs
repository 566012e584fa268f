using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Notifications;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Calls;

/// <summary>
/// The call list (電話連絡リスト): reminders and notices for people without email, due today or overdue, urgent first,
/// then in furigana order; each ticked off with a note, and the same list as a printable PDF.
/// </summary>
public class IndexModel(TrainingDbContext db, StaffScope scope, SiteClock clock, CallListPdf pdf, UnitOfWork unitOfWork, StaffAudit audit,
    SessionReminders reminders) : PageModel
{
    [BindProperty(SupportsGet = true)] public DateOnly? Date { get; set; }
    /// <summary>How many days from <see cref="Day"/> the list covers: 1 (that day), or 7 (the week ahead).</summary>
    [BindProperty(SupportsGet = true)] public int Days { get; set; } = 1;
    /// <summary>Reminder calls the coming days will bring, not on the list yet (each is listed on its day).</summary>
    public IReadOnlyList<UpcomingCall> Upcoming { get; private set; } = [];
    public DateOnly LastDay => Day.AddDays(Math.Clamp(Days, 1, 31) - 1);
    [BindProperty, StringLength(1000, ErrorMessage = "1000文字以内で入力してください。")] public string? Note { get; set; }
    public IReadOnlyList<CallListEntry> Entries { get; private set; } = [];
    /// <summary>The office that runs the session a call is about (by session id): the caller names it, and its number.</summary>
    public IReadOnlyDictionary<int, (string Name, string? Phone)> Offices { get; private set; } = new Dictionary<int, (string, string?)>();
    public DateOnly Day => Date ?? clock.Today;
    public SiteClock Clock => clock;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Entries = await FindAsync(cancellationToken);
        Upcoming = await UpcomingAsync(cancellationToken);
        var sessionIds = Entries.Where(e => e.SessionId is not null).Select(e => e.SessionId!.Value).Distinct().ToList();
        Offices = (await db.Sessions.AsNoTracking().Where(s => sessionIds.Contains(s.Id))
                .Select(s => new { s.Id, s.Course!.Organisation!.Name, s.Course.Organisation.Phone }).ToListAsync(cancellationToken))
            .ToDictionary(s => s.Id, s => (s.Name, s.Phone));
    }

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken cancellationToken)
    {
        var entries = await FindAsync(cancellationToken);
        var upcoming = await UpcomingAsync(cancellationToken);
        var several = LastDay != Day;
        string When(DateOnly due) => PeopleDates.ShortDate(due.ToDateTime(TimeOnly.MinValue), "ja");
        var lines = entries.Select(e => new CallListLine(e.Person!.FullNameKana, e.Person.FullName, e.Person.Phone, e.MessageIn(Display.Language), e.Urgent, e.DoneAt is not null, e.Note,
                several ? When(e.DueOn < Day ? Day : e.DueOn) : null))
            .Concat(upcoming.Select(u => new CallListLine(u.Person.FullNameKana, u.Person.FullName, u.Person.Phone, u.MessageIn(Display.Language), false, false, null, When(u.DueOn))))
            .ToList();
        await audit.RecordAsync("print-call-list", Training.Audit.AuditTarget.OfSetting("CallList", null,
            several ? $"{Display.Date(Day.ToDateTime(TimeOnly.MinValue))}〜{Display.Date(LastDay.ToDateTime(TimeOnly.MinValue))}" : Display.Date(Day.ToDateTime(TimeOnly.MinValue))),
            $"{lines.Count} people", cancellationToken);
        return File(pdf.Render(Day, LastDay, lines), "application/pdf", several ? $"calls-{Day:yyyyMMdd}-{LastDay:yyyyMMdd}.pdf" : $"calls-{Day:yyyyMMdd}.pdf");
    }

    /// <summary>The reminder calls still to be listed for the days shown, in the staff member's areas, by day then furigana.</summary>
    private async Task<List<UpcomingCall>> UpcomingAsync(CancellationToken cancellationToken)
    {
        var areas = await scope.AreaIdsAsync(cancellationToken);
        return (await reminders.UpcomingCallsAsync(Day, LastDay, cancellationToken))
            .Where(u => areas.Count == 0 || (u.Person.AreaId is { } a && areas.Contains(a)) || (u.AreaId is { } c && areas.Contains(c)))
            .OrderBy(u => u.DueOn).ThenBy(u => u.Person.KanaSortKey, StringComparer.Ordinal).ToList();
    }

    public async Task<IActionResult> OnPostDoneAsync(long id, CancellationToken cancellationToken)
    {
        if (await EntryAsync(id, cancellationToken) is not { } entry) return NotFound();
        if (!ModelState.IsValid) return RedirectToPage(new { date = Date, days = Days });
        entry.DoneAt ??= clock.UtcNow;
        entry.DoneByStaffId = scope.UserId;
        entry.Note = string.IsNullOrWhiteSpace(Note) ? entry.Note : Note.Trim();
        await unitOfWork.SaveAsync(cancellationToken);
        return Redirect($"/Staff/Calls?date={Day:yyyy-MM-dd}&days={Days}#call-{id}");
    }

    public async Task<IActionResult> OnPostUndoAsync(long id, CancellationToken cancellationToken)
    {
        if (await EntryAsync(id, cancellationToken) is not { } entry) return NotFound();
        entry.DoneAt = null;
        entry.DoneByStaffId = null;
        await unitOfWork.SaveAsync(cancellationToken);
        return Redirect($"/Staff/Calls?date={Day:yyyy-MM-dd}&days={Days}#call-{id}");
    }

    /// <summary>Still to call on or before the day (nothing due is ever hidden by a missed day), and the calls made that day.</summary>
    private async Task<List<CallListEntry>> FindAsync(CancellationToken cancellationToken)
    {
        var startOfDay = clock.StartOfDayUtc(Day);
        var endOfDay = clock.StartOfDayUtc(LastDay.AddDays(1));
        var lastDay = LastDay;
        var query = (await VisibleAsync(db.CallList.AsNoTracking().Include(c => c.Person), cancellationToken))
            .Where(c => !c.Cancelled && ((c.DoneAt == null && c.DueOn <= lastDay) || (c.DoneAt >= startOfDay && c.DoneAt < endOfDay)));
        var entries = await query.ToListAsync(cancellationToken);
        return entries.OrderBy(e => e.DoneAt is null ? 0 : 1).ThenByDescending(e => e.Urgent)
            .ThenBy(e => e.Person!.KanaSortKey, StringComparer.Ordinal).ThenBy(e => e.Id).ToList();
    }

    private async Task<CallListEntry?> EntryAsync(long id, CancellationToken cancellationToken) =>
        await (await VisibleAsync(db.CallList, cancellationToken)).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    // A coordinator sees calls for people of their areas, or about sessions of courses in their areas.
    private async Task<IQueryable<CallListEntry>> VisibleAsync(IQueryable<CallListEntry> query, CancellationToken cancellationToken)
    {
        var areas = await scope.AreaIdsAsync(cancellationToken);
        if (areas.Count == 0) return query;
        return query.Where(c => (c.Person!.AreaId != null && areas.Contains(c.Person.AreaId.Value))
            || db.Sessions.Any(s => s.Id == c.SessionId && s.Course!.AreaId != null && areas.Contains(s.Course.AreaId.Value)));
    }
}
