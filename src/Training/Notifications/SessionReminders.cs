using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Courses;
using Training.Data;
using Training.Notifications.Channels;
using Training.People;
using Training.Registrations;
using Training.Time;

namespace Training.Notifications;

/// <param name="Messages">Reminders queued on LINE or SMS (the channel outbox).</param>
public record ReminderSweepResult(int Emails, int Calls, bool OutsideWindow, int Messages = 0);

/// <summary>A reminder call that will be listed on its day (not yet on the list), for preparing the days ahead.</summary>
public sealed record UpcomingCall(Person Person, int SessionId, int? AreaId, DateOnly DueOn, string Message, string MessageEn)
{
    public string MessageIn(string language) => language == "en" ? MessageEn : Message;
}

/// <summary>
/// Derives every reminder that is due from the database: for each upcoming session and confirmed registrant, by the
/// channel the resident chose (<see cref="NoticeRouter"/>): an email, or a LINE or SMS message, on the configured email
/// days (inside the daytime window), or a call-list entry on the call days. Keys name (session, person, days before,
/// session time), so a repeated or parallel sweep, a retried job or a second server adds nothing, and a session moved to
/// another day gets fresh reminders for its new date.
/// </summary>
public class SessionReminders(TrainingDbContext db, EmailOutbox outbox, SessionMessages messages, Attendance.CheckInPasses passes, UnitOfWork unitOfWork, SiteClock clock,
    IOptions<RemindersOptions> options, ILogger<SessionReminders> logger, NoticeRouter router, NoticeSender notices)
{
    private const int ChunkSize = 500;

    public async Task<ReminderSweepResult> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        var local = clock.LocalNow;
        var window = options.Value.Window();
        var emailDays = options.Value.EmailDays();
        var callDays = options.Value.CallDays();
        var horizon = now.AddDays(Math.Max(emailDays.Max(), callDays.Max()) + 2);
        var sessions = await db.Sessions.AsNoTracking().Include(s => s.Course!).ThenInclude(c => c.Program).Include(s => s.Course!).ThenInclude(c => c.Organisation)
            .Where(s => s.Status == SessionStatus.Scheduled && s.StartsAt > now && s.StartsAt < horizon)
            .OrderBy(s => s.StartsAt).ToListAsync(cancellationToken);
        // Outside the window nothing is emailed (the sweep will come back in the morning); calls are listed all day.
        var inWindow = window.Contains(TimeOnly.FromDateTime(local));
        int emails = 0, calls = 0, sent = 0;
        foreach (var session in sessions)
        {
            var sessionDay = DateOnly.FromDateTime(clock.ToLocal(session.StartsAt));
            var emailOffset = inWindow ? DueOffset(emailDays, sessionDay, window.Start, local) : null;
            var callOffset = DueOffset(callDays, sessionDay, TimeOnly.MinValue, local);
            if (emailOffset is null && callOffset is null) continue;
            var (e, m, c) = await RemindAsync(session, emailOffset, callOffset, cancellationToken);
            emails += e;
            sent += m;
            calls += c;
        }
        if (emails + sent + calls > 0)
            logger.LogInformation("Reminders: {Emails} emails and {Messages} LINE/SMS messages queued, {Calls} calls listed", emails, sent, calls);
        return new ReminderSweepResult(emails, calls, !inWindow, sent);
    }

    /// <summary>A registrant to remind about a session, and the channel their reminders go by.</summary>
    private sealed record Recipient(Registration Registration, RoutedNotice Routed)
    {
        public Person Person => Registration.Person!;
        /// <summary>Phoned by a coordinator: the call list is their channel (chosen, or no other reaches them).</summary>
        public bool IsPhoned => Routed.Channel == NoticeChannel.CallList;
    }

    /// <summary>
    /// The one rule of who is reminded of a session, and how: confirmed registrants covering it, not anonymised, not
    /// excused for it, who have not said no to reminders (on any channel), each routed by their chosen channel. The
    /// sweep, the days-ahead call list and the dashboard's call figures all ask it, so they agree.
    /// </summary>
    private async Task<Dictionary<int, List<Recipient>>> RecipientsAsync(IReadOnlyCollection<Session> sessions, CancellationToken cancellationToken)
    {
        var registrations = new Dictionary<int, List<Registration>>();
        foreach (var session in sessions)
            // Someone who told us they will not come that day gets no reminder for it.
            registrations[session.Id] = await db.Registrations.AsNoTracking().Include(r => r.Person)
                .Where(r => r.CourseId == session.CourseId && r.Status == RegistrationStatus.Confirmed && r.Person!.AnonymisedAt == null)
                .Where(Registration.Covering(session.SequenceNumber))
                .Where(r => !db.Attendance.Any(a => a.SessionId == session.Id && a.PersonId == r.PersonId && a.Status == Attendance.AttendanceStatus.ExcusedAbsence))
                .ToListAsync(cancellationToken);
        var people = registrations.Values.SelectMany(r => r).Select(r => r.Person!).DistinctBy(p => p.Id).ToList();
        if (people.Count == 0) return registrations.ToDictionary(r => r.Key, _ => new List<Recipient>());
        var optedOut = (await db.LatestConsentsAsync(ConsentPurpose.ReminderEmail, people.Select(p => p.Id).ToList(), cancellationToken))
            .Where(c => !c.Value).Select(c => c.Key).ToHashSet();
        var routes = await router.RouteManyAsync(people.Where(p => !optedOut.Contains(p.Id)).ToList(), cancellationToken);
        return registrations.ToDictionary(r => r.Key, r => r.Value.Where(x => routes.ContainsKey(x.PersonId)).Select(x => new Recipient(x, routes[x.PersonId])).ToList());
    }

    /// <summary>
    /// How many people are phoned about each of these sessions' reminders (those the rule routes to the call list): the
    /// dashboard's figure, the same people the sweep lists.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, int>> CallCountsAsync(IReadOnlyCollection<int> sessionIds, CancellationToken cancellationToken = default)
    {
        var sessions = await db.Sessions.AsNoTracking().Where(s => sessionIds.Contains(s.Id)).ToListAsync(cancellationToken);
        return (await RecipientsAsync(sessions, cancellationToken)).ToDictionary(r => r.Key, r => r.Value.Count(x => x.IsPhoned));
    }

    /// <summary>
    /// The reminder calls due from <paramref name="from"/> to <paramref name="to"/> that the sweep has not listed yet
    /// (it lists each on its day), so a coordinator can prepare tomorrow's and the week's calls today.
    /// </summary>
    public async Task<List<UpcomingCall>> UpcomingCallsAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var today = clock.Today;
        if (from < today) from = today;
        var calls = new List<UpcomingCall>();
        foreach (var days in options.Value.CallDays())
        {
            var (first, last) = (clock.StartOfDayUtc(from.AddDays(days)), clock.StartOfDayUtc(to.AddDays(days + 1)));
            var sessions = await db.Sessions.AsNoTracking().Include(x => x.Course!).ThenInclude(c => c.Program).Include(x => x.Course!).ThenInclude(c => c.Organisation)
                .Where(x => x.Status == SessionStatus.Scheduled && x.StartsAt >= first && x.StartsAt < last && x.StartsAt > clock.UtcNow)
                .ToListAsync(cancellationToken);
            var due = await RecipientsAsync(sessions, cancellationToken);
            foreach (var session in sessions)
            {
                var recipients = due[session.Id].Where(x => x.IsPhoned).Select(x => x.Person).ToList();
                var keys = recipients.Select(p => CallKey(session, p.Id, days)).ToList();
                var listed = (await db.CallList.AsNoTracking().Where(c => keys.Contains(c.IdempotencyKey)).Select(c => c.IdempotencyKey).ToListAsync(cancellationToken)).ToHashSet();
                var sessionDay = DateOnly.FromDateTime(clock.ToLocal(session.StartsAt));
                calls.AddRange(recipients.Where(p => !listed.Contains(CallKey(session, p.Id, days))).Select(p => new UpcomingCall(p, session.Id, session.Course!.AreaId,
                    sessionDay.AddDays(-days), messages.ReminderLine(session, session.Course!, days), messages.ReminderLine(session, session.Course!, days, "en"))));
            }
        }
        return calls;
    }

    /// <summary>
    /// The reminder due now: of the offsets whose moment has come (that day at the window's start), the nearest the
    /// session. An earlier one missed while the server was down is not sent late on top of it.
    /// </summary>
    public static int? DueOffset(IReadOnlyList<int> daysBefore, DateOnly sessionDay, TimeOnly from, DateTime localNow)
    {
        int? due = null;
        foreach (var days in daysBefore.OrderDescending())
            if (sessionDay.AddDays(-days).ToDateTime(from) <= localNow) due = days;
        return due;
    }

    private async Task<(int Emails, int Messages, int Calls)> RemindAsync(Session session, int? emailOffset, int? callOffset, CancellationToken cancellationToken)
    {
        var course = session.Course!;
        var recipients = (await RecipientsAsync([session], cancellationToken))[session.Id];
        if (recipients.Count == 0) return (0, 0, 0);
        // Both outboxes: a reminder sent by email before the resident switched to SMS (or back) is not sent again for
        // the same offset. One query (UNION ALL).
        var sentKeys = (await db.OutboundEmails.AsNoTracking().Where(e => e.SessionId == session.Id && e.Category == EmailCategory.Reminder).Select(e => e.IdempotencyKey)
            .Concat(db.OutboundMessages.AsNoTracking().Where(m => m.SessionId == session.Id && m.Category == EmailCategory.Reminder).Select(m => m.IdempotencyKey))
            .ToListAsync(cancellationToken)).ToHashSet();
        var listedKeys = (await db.CallList.AsNoTracking().Where(c => c.SessionId == session.Id).Select(c => c.IdempotencyKey).ToListAsync(cancellationToken)).ToHashSet();

        List<Recipient> Still(int? offset, Func<NoticeChannel, bool> by, Func<Session, int, int, string> key, HashSet<string> done) => offset is { } days
            ? recipients.Where(x => by(x.Routed.Channel) && !done.Contains(key(session, x.Person.Id, days))).ToList()
            : [];
        var stillToEmail = Still(emailOffset, c => c == NoticeChannel.Email, EmailKey, sentKeys);
        var stillToMessage = Still(emailOffset, OutboundMessage.Carries, EmailKey, sentKeys);
        var stillToCall = Still(callOffset, c => c == NoticeChannel.CallList, CallKey, listedKeys);
        // The same pass as in the confirmation: valid until the day after the course's last session.
        var lastEnd = await db.Sessions.Where(s => s.CourseId == course.Id && s.Status == SessionStatus.Scheduled).MaxAsync(s => (DateTime?)s.EndsAt, cancellationToken) ?? session.EndsAt;
        var validUntil = (lastEnd > session.EndsAt ? lastEnd : session.EndsAt).AddDays(1);
        // A reminder can be due later than its offset (someone booked two days before, under 3- and 1-day offsets):
        // it says how far the session really is, while its key keeps the offset it stands for.
        var daysAway = Math.Max(0, DateOnly.FromDateTime(clock.ToLocal(session.StartsAt)).DayNumber - clock.Today.DayNumber);
        int emails = 0, calls = 0;
        foreach (var chunk in stillToEmail.OrderBy(r => r.Person.KanaSortKey).Chunk(ChunkSize))
        {
            // Rendering (and any QR pass not made at registration) is CPU work: done on every core first, then inserted in one transaction,
            // so a thousand reminders are one commit and the dispatcher can start on them while the next chunk renders.
            var prepared = new PreparedEmail[chunk.Length];
            await Parallel.ForAsync(0, chunk.Length, cancellationToken, async (i, _) =>
            {
                var (registration, person) = (chunk[i].Registration, chunk[i].Person);
                var pass = passes.For(registration.Id, validUntil);
                var model = messages.Model(person, session, course, pass, daysAway) with { BookingNumber = registration.BookingNumber };
                prepared[i] = await outbox.PrepareAsync(new EmailRequest(EmailKey(session, person.Id, emailOffset!.Value), "session-reminder",
                    person.PreferredLanguage, chunk[i].Routed.Address!, person.FullName, model, EmailCategory.Reminder, person.Id,
                    [new EmailAttachment("checkin-qr.png", "image/png", null, pass.PngPath)], session.Id));
            });
            // Sending starts as this commits (the outbox kicks the dispatcher), while the next chunk is prepared.
            emails += await unitOfWork.RunAsync(ct => outbox.InsertManyAsync(prepared, ct), cancellationToken);
        }
        var sent = 0;
        foreach (var chunk in stillToMessage.OrderBy(r => r.Person.KanaSortKey).Chunk(ChunkSize))
        {
            // No QR pass on LINE or SMS (the text says to give the name and booking number); the sender adds the stop link.
            var prepared = new PreparedNotice[chunk.Length];
            await Parallel.ForAsync(0, chunk.Length, cancellationToken, async (i, _) =>
            {
                var (registration, person) = (chunk[i].Registration, chunk[i].Person);
                var model = messages.Model(person, session, course, null, daysAway) with { BookingNumber = registration.BookingNumber };
                prepared[i] = await notices.PrepareAsync(person, new Notice(EmailKey(session, person.Id, emailOffset!.Value), "session-reminder", model,
                    EmailCategory.Reminder, model.MyUrl, session.Id), chunk[i].Routed);
            });
            sent += (await unitOfWork.RunAsync(ct => notices.QueueManyAsync(prepared, ct), cancellationToken)).Values.Sum();
        }
        if (stillToCall.Count > 0)
            calls = await unitOfWork.RunAsync(async ct =>
            {
                var added = 0;
                foreach (var registration in stillToCall.Select(x => x.Registration))
                    added += await CallList.AddAsync(db, new CallListEntry
                    {
                        IdempotencyKey = CallKey(session, registration.PersonId, callOffset!.Value), PersonId = registration.PersonId, SessionId = session.Id,
                        Kind = "session-reminder", Message = messages.ReminderLine(session, course, daysAway),
                        MessageEn = messages.ReminderLine(session, course, daysAway, "en"),
                        DueOn = clock.Today, CreatedAt = clock.UtcNow,
                    }, ct);
                return added;
            }, cancellationToken);
        return (emails, sent, calls);
    }

    // The session's time is part of the key: moved to another day, it is a new reminder.
    private static string EmailKey(Session session, int personId, int days) => $"reminder:{session.Id}:{personId}:{days}:{session.StartsAt.Ticks}";
    private static string CallKey(Session session, int personId, int days) => $"reminder-call:{session.Id}:{personId}:{days}:{session.StartsAt.Ticks}";

}
