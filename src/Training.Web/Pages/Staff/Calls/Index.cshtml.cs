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
public class IndexModel(TrainingDbContext db, StaffScope scope, SiteClock clock, CallListPdf pdf, StaffAudit audit,
    SessionReminders reminders, CallAttempts attempts, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>For 不在・かけ直し: the day and time to call again (the site's time).</summary>
    [BindProperty] public DateOnly? CallBackOn { get; set; }
    [BindProperty] public TimeOnly? CallBackTime { get; set; }
    [TempData] public string? Message { get; set; }
    /// <summary>A call that could not be recorded, and why (shown beside it).</summary>
    public (long Id, string Message)? Problem { get; private set; }
    /// <summary>Staff members' names for the call history, by id.</summary>
    public IReadOnlyDictionary<string, string> StaffNames { get; private set; } = new Dictionary<string, string>();

    /// <summary>What the call-back fields offer: the next full hour after the next, or 10:00 the next morning after 18:00.</summary>
    public (DateOnly Day, TimeOnly Time) SuggestedCallBack
    {
        get
        {
            var now = clock.LocalNow;
            var next = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0).AddHours(2);
            return next.Hour is >= 19 or < 9 || DateOnly.FromDateTime(next) != clock.Today
                ? (clock.Today.AddDays(1), new TimeOnly(10, 0))
                : (DateOnly.FromDateTime(next), TimeOnly.FromDateTime(next));
        }
    }
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
        var courseIds = Entries.Where(e => e.SessionId is null && e.CourseId is not null).Select(e => e.CourseId!.Value).Distinct().ToList();
        CourseOffices = (await db.Courses.AsNoTracking().Where(c => courseIds.Contains(c.Id))
                .Select(c => new { c.Id, c.Organisation!.Name, c.Organisation.Phone }).ToListAsync(cancellationToken))
            .ToDictionary(c => c.Id, c => (c.Name, c.Phone));
        StaffNames = await StaffNamesAsync(Entries, cancellationToken);
    }

    /// <summary>The office that runs what a call is about, by its session or, for a message to a course, its course.</summary>
    public (string Name, string? Phone)? OfficeOf(CallListEntry entry) =>
        entry.SessionId is { } session && Offices.TryGetValue(session, out var bySession) ? bySession
        : entry.CourseId is { } course && CourseOffices.TryGetValue(course, out var byCourse) ? byCourse
        : null;

    public IReadOnlyDictionary<int, (string Name, string? Phone)> CourseOffices { get; private set; } = new Dictionary<int, (string, string?)>();

    private async Task<IReadOnlyDictionary<string, string>> StaffNamesAsync(IEnumerable<CallListEntry> entries, CancellationToken cancellationToken)
    {
        var ids = entries.SelectMany(e => e.Attempts).Select(a => a.StaffUserId).OfType<string>().Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }

    /// <summary>An attempt as the history and the printed list say it: when, what came of it, who called, the note.</summary>
    public string Describe(CallAttempt attempt, string language)
    {
        string T(string text) => language == "en" ? t[text] : text;
        var outcome = T(CallAttempt.Label(attempt.Outcome))
            + (attempt.CallBackAt is { } back ? (language == "en" ? $" (call back {PeopleDates.DateTime(clock.ToLocal(back), language)})" : $"（{PeopleDates.DateTime(clock.ToLocal(back), language)}にかけ直し）") : "");
        var who = attempt.StaffUserId is { } id && StaffNames.TryGetValue(id, out var name) && name.Length > 0 ? (language == "en" ? $" — {name}" : $"　{name}") : "";
        var note = attempt.Note is { } n ? (language == "en" ? $" — {n}" : $"　{n}") : "";
        return $"{PeopleDates.DateTime(clock.ToLocal(attempt.At), language)} {outcome}{who}{note}";
    }

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken cancellationToken)
    {
        var entries = await FindAsync(cancellationToken);
        StaffNames = await StaffNamesAsync(entries, cancellationToken);
        var upcoming = await UpcomingAsync(cancellationToken);
        var several = LastDay != Day;
        string When(DateOnly due) => PeopleDates.ShortDate(due.ToDateTime(TimeOnly.MinValue), "ja");
        var lines = entries.Select(e => new CallListLine(e.Person!.FullNameKana, e.Person.FullName, e.Person.Phone, e.MessageIn(Display.Language), e.Urgent, e.DoneAt is not null, e.Note,
                several ? When(e.DueOn < Day ? Day : e.DueOn) : null,
                e.Attempts.OrderBy(a => a.At).LastOrDefault() is { } last ? Describe(last, Display.Language) : null))
            .Concat(upcoming.Select(u => new CallListLine(u.Person.FullNameKana, u.Person.FullName, u.Person.Phone, u.MessageIn(Display.Language), false, false, null, When(u.DueOn))))
            .ToList();
        await audit.RecordAsync(Training.Audit.AuditAction.PrintCallList, Training.Audit.AuditTarget.OfSetting("CallList", null,
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

    /// <summary>The call was made and the person reached (済), with the note typed beside it.</summary>
    public Task<IActionResult> OnPostDoneAsync(long id, CancellationToken cancellationToken) => OnPostAttemptAsync(id, CallOutcome.Reached, cancellationToken);

    /// <summary>One call recorded with its outcome: 済, 不在・かけ直し (with the day and time to call back) or 番号違い.</summary>
    public async Task<IActionResult> OnPostAttemptAsync(long id, CallOutcome? outcome, CancellationToken cancellationToken)
    {
        DateTime? callBackAt = outcome == CallOutcome.NoAnswer && CallBackOn is { } day && CallBackTime is { } time ? clock.ToUtc(day, time) : null;
        CallAttemptResult result = outcome is null ? new CallAttemptResult.Refused(CallAttempt.Messages.OutcomeUnknown)
            : ModelState[nameof(Note)]?.Errors.Count > 0 ? new CallAttemptResult.Refused(CallAttempt.Messages.NoteTooLong)
            : await attempts.RecordAsync(id, outcome.Value, callBackAt, Note, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken);
        switch (result)
        {
            case CallAttemptResult.NotFound: return NotFound();
            case CallAttemptResult.Refused refused:
                // Nothing was recorded: the list again, with the reason beside the call and what was typed kept.
                Problem = (id, t[refused.Message]);
                ModelState.Clear();
                await OnGetAsync(cancellationToken);
                return Page();
            case CallAttemptResult.Recorded recorded:
                Message = recorded.Outcome switch
                {
                    CallOutcome.NoAnswer => string.Format(t["{0}さん：不在。{1}にかけ直します。"], recorded.PersonName, Display.DateTime(clock.ToLocal(recorded.CallBackAt!.Value))),
                    CallOutcome.WrongNumber => string.Format(t["{0}さん：番号違い。参加者のページで電話番号を直してください。"], recorded.PersonName),
                    _ => string.Format(t["{0}さん：済"], recorded.PersonName),
                };
                break;
        }
        return BackToCall(id);
    }

    public async Task<IActionResult> OnPostUndoAsync(long id, CancellationToken cancellationToken)
    {
        var result = await attempts.ReopenAsync(id, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken);
        if (result is CallAttemptResult.NotFound) return NotFound();
        return BackToCall(id);
    }

    /// <summary>The list as it was, at the call just changed.</summary>
    private RedirectToPageResult BackToCall(long id) =>
        RedirectToPage(null, null, new { date = Day.ToString("yyyy-MM-dd"), days = Days }, $"call-{id}");

    /// <summary>The number a call found wrong was checked with the person and is right after all: the flag is lifted.</summary>
    public async Task<IActionResult> OnPostPhoneCheckedAsync(int personId, CancellationToken cancellationToken)
    {
        await attempts.ConfirmPhoneAsync(personId, await scope.AreaIdsAsync(cancellationToken), scope.Actor, cancellationToken);
        return RedirectToPage("/Staff/People/Details", new { id = personId });
    }

    /// <summary>Still to call on or before the day (nothing due is ever hidden by a missed day), and the calls made that day.</summary>
    private async Task<List<CallListEntry>> FindAsync(CancellationToken cancellationToken)
    {
        var startOfDay = clock.StartOfDayUtc(Day);
        var endOfDay = clock.StartOfDayUtc(LastDay.AddDays(1));
        var lastDay = LastDay;
        var query = (await VisibleAsync(db.CallList.AsNoTracking().Include(c => c.Person).Include(c => c.Attempts), cancellationToken))
            .Where(c => !c.Cancelled && ((c.DoneAt == null && c.DueOn <= lastDay) || (c.DoneAt >= startOfDay && c.DoneAt < endOfDay)));
        var entries = await query.ToListAsync(cancellationToken);
        // Urgent first; then in the order the calls are to be made: a call back after 不在 at its time, the rest from the start of their day.
        return entries.OrderBy(e => e.DoneAt is null ? 0 : 1).ThenByDescending(e => e.Urgent)
            .ThenBy(e => e.DoneAt is null ? e.CallFrom(clock.StartOfDayUtc(e.DueOn)) : DateTime.MinValue)
            .ThenBy(e => e.Person!.KanaSortKey, StringComparer.Ordinal).ThenBy(e => e.Id).ToList();
    }

    private async Task<IQueryable<CallListEntry>> VisibleAsync(IQueryable<CallListEntry> query, CancellationToken cancellationToken) =>
        attempts.VisibleTo(query, await scope.AreaIdsAsync(cancellationToken));
}
