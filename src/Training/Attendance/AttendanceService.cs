using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Registrations;
using Training.Time;

namespace Training.Attendance;

public enum AttendanceOutcome { Saved, Unchanged, ChangedByOther, NotRegistered, FutureSession, SessionCancelled, SessionNotFound, SessionOver }

public sealed record AttendanceResult(AttendanceOutcome Outcome, AttendanceRecord? Record = null, CompletionChange Completion = CompletionChange.None);

/// <summary>A row's memo as the roster sent it: what the screen showed, and what is in the box now.</summary>
public sealed record RosterMemo(int PersonId, string? Shown, string? Typed)
{
    /// <summary>A memo as stored: trimmed, and none rather than blank.</summary>
    public static string? Clean(string? note)
    {
        if (string.IsNullOrWhiteSpace(note)) return null;
        var trimmed = note.Trim();
        return trimmed.Length > 1000 ? trimmed[..1000] : trimmed;
    }

    public bool Changed => Clean(Shown) != Clean(Typed);
}

/// <summary>What became of a roster's memos: saved, or left because a colleague had changed that memo meanwhile.</summary>
public sealed record RosterMemos(AttendanceOutcome Outcome, IReadOnlyList<RosterMemo> Saved, IReadOnlyList<RosterMemo> ChangedByOther)
{
    public static readonly RosterMemos None = new(AttendanceOutcome.Unchanged, [], []);
}

/// <summary>
/// A walk-in typed on a roster: the problems of the details as typed (nothing was saved), or the outcome, with the name
/// as typed for the roster's message.
/// </summary>
public sealed record WalkInResult(IReadOnlyList<PersonProblem> Problems, AttendanceOutcome? Outcome, string Name);

/// <summary>A tap on a roster row: whose, which mark, and the record's version the screen showed.</summary>
public sealed record RosterTap(int PersonId, AttendanceStatus Status, int SeenVersion);

/// <summary>The outcome of one roster post: the tap (if a mark was tapped) and every memo typed on the page.</summary>
public sealed record RosterResult(AttendanceResult? Tap, RosterMemos Memos);

/// <summary>
/// Records attendance one tap at a time. Every tap is saved at once and is idempotent (the same tap twice changes
/// nothing); a tap made on an out-of-date screen does not silently overwrite what another coordinator recorded.
/// Completion is re-evaluated after each change.
/// </summary>
public class AttendanceService(TrainingDbContext db, UnitOfWork unitOfWork, CompletionService completions, RegistrationService registrations,
    StaffAlerts alerts, SiteClock clock, Microsoft.Extensions.Options.IOptions<Configuration.AttendanceOptions> options, Audit.AuditLog audit)
{
    /// <summary>One audit row about one person at one session: "花子（講座 第2回 12月9日）".</summary>
    private async Task AuditAsync(Audit.AuditAction action, Session session, int personId, string? staffId, string details, CancellationToken ct)
    {
        var who = await db.People.Where(p => p.Id == personId).Select(Training.People.Person.FullNameInQuery).FirstAsync(ct);
        var title = session.Course?.Title ?? await db.Courses.Where(c => c.Id == session.CourseId).Select(c => c.Title).FirstAsync(ct);
        audit.Record(Actor.StaffOrResident(staffId), action,
            new Audit.AuditTarget("Person", personId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{who}（{title} 第{session.SequenceNumber}回 {PeopleDates.ShortDate(clock.ToLocal(session.StartsAt), "ja")}）", personId, session.CourseId), details);
    }

    /// <param name="seenVersion">The record's version the coordinator's screen showed (0 when it showed no mark); null skips the check.</param>
    /// <param name="audited">False when the caller records the whole action as one row (everyone present, a walk-in).</param>
    public async Task<AttendanceResult> RecordAsync(int sessionId, int personId, AttendanceStatus status, int? seenVersion, string? staffId,
        AttendanceSource source, string? note = null, CancellationToken cancellationToken = default, bool audited = true)
    {
        AttendanceRecord record;
        // Two tablets (or two app nodes) saving the same mark at once: on PostgreSQL the later save finds the row
        // changed or already inserted; read again and decide as if it had come second, which it did.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var once = await unitOfWork.RunAsync(ct => RecordOnceAsync(sessionId, personId, status, seenVersion, staffId, source, note, audited, ct), cancellationToken);
                if (once.Outcome != AttendanceOutcome.Saved) return once;
                record = once.Record!;
                break;
            }
            catch (DbUpdateException) when (attempt < 10)
            {
            }
        }
        var countsFor = record.RegistrationId!.Value;
        var assessment = await completions.AssessAsync(countsFor, cancellationToken);
        var change = assessment is null ? CompletionChange.None : await completions.ApplyAsync(countsFor, assessment, cancellationToken);
        if (status is AttendanceStatus.Absent or AttendanceStatus.ExcusedAbsence && assessment is { CanStillComplete: false, Required: > 0 })
            await alerts.CompletionAtRiskAsync(countsFor, assessment, cancellationToken);
        return new(AttendanceOutcome.Saved, record, change);
    }

    /// <summary>
    /// One post of the roster page: every memo typed on it is saved, whichever button was tapped (another row's mark, a
    /// memo's own button), so a memo is never lost; then the tapped mark, if any, with its own row's memo.
    /// </summary>
    public async Task<RosterResult> RecordRosterAsync(int sessionId, RosterTap? tap, IReadOnlyList<RosterMemo> memos, string? staffId,
        CancellationToken cancellationToken = default)
    {
        var tapped = tap is null ? null : memos.FirstOrDefault(m => m.PersonId == tap.PersonId);
        var saved = await SaveMemosAsync(sessionId, memos.Where(m => m != tapped).ToList(), staffId, cancellationToken);
        if (tap is null) return new(null, saved);
        // The tapped row's memo goes with its mark when it was changed ("" clears it); left as it was, the note on record (or
        // a memo written before the mark, perhaps by a colleague meanwhile) is kept.
        var result = await RecordAsync(sessionId, tap.PersonId, tap.Status, tap.SeenVersion, staffId, AttendanceSource.Tablet,
            tapped is { Changed: true } ? RosterMemo.Clean(tapped.Typed) ?? "" : null, cancellationToken);
        return new(result, saved);
    }

    /// <summary>
    /// Saves the memos that were changed on the roster, in one unit: on the person's mark if they have one, otherwise as
    /// a <see cref="RosterNote"/> until they do. A memo a colleague changed since the screen was shown is left as it is
    /// and returned, so the page can quote what was typed. Only for people on the session's roster, while marks are open.
    /// </summary>
    public Task<RosterMemos> SaveMemosAsync(int sessionId, IReadOnlyList<RosterMemo> memos, string? staffId, CancellationToken cancellationToken = default)
    {
        var changed = memos.Where(m => m.Changed).ToList();
        if (changed.Count == 0) return Task.FromResult(RosterMemos.None);
        return unitOfWork.RunAsync(async ct =>
        {
            var session = await db.Sessions.AsNoTracking().Include(s => s.Course).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
            if (session is null) return RosterMemos.None with { Outcome = AttendanceOutcome.SessionNotFound };
            if (session.Status == SessionStatus.Cancelled) return RosterMemos.None with { Outcome = AttendanceOutcome.SessionCancelled };
            if (!session.TakesMarksAt(clock.UtcNow, options.Value.MarksOpenBefore)) return RosterMemos.None with { Outcome = AttendanceOutcome.FutureSession };
            var personIds = changed.Select(m => m.PersonId).ToList();
            var records = await db.Attendance.Where(a => a.SessionId == sessionId && personIds.Contains(a.PersonId)).ToDictionaryAsync(a => a.PersonId, ct);
            var notes = await db.RosterNotes.Where(n => n.SessionId == sessionId && personIds.Contains(n.PersonId)).ToDictionaryAsync(n => n.PersonId, ct);
            List<RosterMemo> saved = [], changedByOther = [];
            foreach (var memo in changed)
            {
                var typed = RosterMemo.Clean(memo.Typed);
                if (records.TryGetValue(memo.PersonId, out var record))
                {
                    if (RosterMemo.Clean(record.Note) == typed) continue;
                    if (RosterMemo.Clean(record.Note) != RosterMemo.Clean(memo.Shown)) { changedByOther.Add(memo); continue; }
                    record.Note = typed;
                    record.Version++;
                    saved.Add(memo);
                    continue;
                }
                // Someone not on this session's roster has no row to write in.
                var (registrationId, _) = await RegistrationForAsync(session, memo.PersonId, ct);
                if (registrationId is null) continue;
                var note = notes.GetValueOrDefault(memo.PersonId);
                if (note?.Note == typed) continue;
                if (note?.Note != RosterMemo.Clean(memo.Shown)) { changedByOther.Add(memo); continue; }
                if (typed is null) db.RosterNotes.Remove(note!);
                else
                {
                    note ??= db.RosterNotes.Add(new RosterNote { SessionId = sessionId, PersonId = memo.PersonId }).Entity;
                    note.Note = typed;
                    note.WrittenAt = clock.UtcNow;
                    note.WrittenByStaffId = staffId;
                }
                saved.Add(memo);
            }
            return new RosterMemos(AttendanceOutcome.Saved, saved, changedByOther);
        }, cancellationToken);
    }

    /// <summary>One try at saving a mark, in one unit of work; <see cref="AttendanceOutcome.Saved"/> when it was written.</summary>
    private async Task<AttendanceResult> RecordOnceAsync(int sessionId, int personId, AttendanceStatus status, int? seenVersion, string? staffId,
        AttendanceSource source, string? note, bool audited, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.AsNoTracking().Include(s => s.Course).FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null) return new(AttendanceOutcome.SessionNotFound);
        if (session.Status == SessionStatus.Cancelled) return new(AttendanceOutcome.SessionCancelled);
        // Attendance is taken as people arrive; never before the session is about to begin.
        if (!session.TakesMarksAt(clock.UtcNow, options.Value.MarksOpenBefore)) return new(AttendanceOutcome.FutureSession);

        var (registrationId, isMakeUp) = await RegistrationForAsync(session, personId, cancellationToken);
        if (registrationId is null) return new(AttendanceOutcome.NotRegistered);

        var existing = await db.Attendance.FirstOrDefaultAsync(a => a.SessionId == sessionId && a.PersonId == personId, cancellationToken);
        if (existing is not null && existing.Status == status && (note is null || existing.Note == note))
            return new(AttendanceOutcome.Unchanged, existing);
        if (seenVersion is not null && (existing?.Version ?? 0) != seenVersion)
            return new(AttendanceOutcome.ChangedByOther, existing);

        var record = existing ?? new AttendanceRecord { SessionId = sessionId, PersonId = personId };
        record.RegistrationId = registrationId;
        record.IsMakeUp = isMakeUp;
        record.Status = status;
        if (note is not null) record.Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        // A memo written on the roster before the mark becomes the mark's note.
        if (await db.RosterNotes.FirstOrDefaultAsync(n => n.SessionId == sessionId && n.PersonId == personId, cancellationToken) is { } written)
        {
            if (note is null && record.Note is null) record.Note = written.Note;
            db.RosterNotes.Remove(written);
        }
        record.Source = source;
        record.RecordedAt = clock.UtcNow;
        record.RecordedByStaffId = staffId;
        record.Version++;
        if (existing is null) db.Attendance.Add(record);
        if (audited)
            await AuditAsync(Audit.AuditAction.Attendance, session, personId, staffId,
                $"{existing?.Status.ToString() ?? "—"} → {status}" + (isMakeUp ? " make-up" : "") + (note is null ? "" : $"; {note.Trim()}"), cancellationToken);
        await completions.MarkStaleAsync([registrationId.Value], cancellationToken);
        await db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.AttendanceTakenAt, clock.UtcNow), cancellationToken);
        return new(AttendanceOutcome.Saved, record);
    }

    /// <summary>
    /// A one-day absence told ahead (欠席連絡), by the resident on their page or to staff on the phone: recorded as an
    /// excused absence with the day and channel. The place is kept (nothing freed), the session's reminder for them is
    /// withdrawn, the roster shows it, and the completion rule counts it as the program says. Refused for a session
    /// that is over or cancelled, or that the person is not booked on.
    /// </summary>
    public Task<AttendanceResult> ExcuseAsync(int sessionId, int personId, AttendanceSource channel, string? staffId, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
            if (session is null) return new AttendanceResult(AttendanceOutcome.SessionNotFound);
            if (session.Status == SessionStatus.Cancelled) return new AttendanceResult(AttendanceOutcome.SessionCancelled);
            if (session.StartsAt <= clock.UtcNow) return new AttendanceResult(AttendanceOutcome.SessionOver);
            var registration = await db.Registrations.AsNoTracking().Where(Registration.Covering(session.SequenceNumber))
                .FirstOrDefaultAsync(r => r.CourseId == session.CourseId && r.PersonId == personId && r.Status == RegistrationStatus.Confirmed, ct);
            if (registration is null) return new AttendanceResult(AttendanceOutcome.NotRegistered);
            var record = await db.Attendance.FirstOrDefaultAsync(a => a.SessionId == sessionId && a.PersonId == personId, ct);
            if (record is { Status: AttendanceStatus.ExcusedAbsence }) return new AttendanceResult(AttendanceOutcome.Unchanged, record);
            record ??= db.Attendance.Add(new AttendanceRecord { SessionId = sessionId, PersonId = personId }).Entity;
            record.RegistrationId = registration.Id;
            record.Status = AttendanceStatus.ExcusedAbsence;
            record.Source = channel;
            record.Note = channel == AttendanceSource.PhoneNotice ? $"欠席連絡（電話、{PeopleDates.ShortDate(clock.LocalNow, "ja")}）" : $"欠席連絡（ご本人がウェブで、{PeopleDates.ShortDate(clock.LocalNow, "ja")}）";
            record.RecordedAt = clock.UtcNow;
            record.RecordedByStaffId = staffId;
            record.Version++;
            await AuditAsync(Audit.AuditAction.Absence, session, personId, staffId, channel.ToString(), ct);
            // The reminder for a day they will not come is withdrawn.
            await db.OutboundEmails.Where(e => e.SessionId == sessionId && e.PersonId == personId && e.Category == Notifications.EmailCategory.Reminder
                    && e.Status == Notifications.EmailStatus.Pending)
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, Notifications.EmailStatus.Cancelled), ct);
            await db.CallList.Where(c => c.SessionId == sessionId && c.PersonId == personId && c.Kind == "session-reminder" && c.DoneAt == null && !c.Cancelled)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Cancelled, true), ct);
            await db.SaveChangesAsync(ct);
            return new AttendanceResult(AttendanceOutcome.Saved, record);
        }, cancellationToken);

    /// <summary>Takes back an absence told ahead (they can come after all), while the session is still to come: the resident, on their page.</summary>
    public Task<bool> WithdrawExcuseAsync(int sessionId, int personId, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
            if (session is null || session.StartsAt <= clock.UtcNow) return false;
            var record = await db.Attendance.FirstOrDefaultAsync(a => a.SessionId == sessionId && a.PersonId == personId
                && a.Status == AttendanceStatus.ExcusedAbsence && (a.Source == AttendanceSource.ResidentNotice || a.Source == AttendanceSource.PhoneNotice), ct);
            if (record is null) return false;
            db.Attendance.Remove(record);
            await AuditAsync(Audit.AuditAction.AbsenceWithdrawn, session, personId, null, "", ct);
            return true;
        }, cancellationToken);

    /// <summary>Everyone booked for the session (<see cref="Registration.BookedFor"/>) without a mark yet.</summary>
    public async Task<List<int>> UnmarkedAsync(int sessionId, CancellationToken cancellationToken = default)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null) return [];
        return await Registration.BookedFor(db.Registrations.AsNoTracking(), session)
            .Where(r => !db.Attendance.Any(a => a.SessionId == sessionId && a.PersonId == r.PersonId))
            .Select(r => r.PersonId).ToListAsync(cancellationToken);
    }

    /// <summary>Marks everyone booked for the session without a mark yet as present; marks already made are kept.</summary>
    public async Task<int> MarkEveryonePresentAsync(int sessionId, string? staffId, CancellationToken cancellationToken = default)
    {
        var unmarked = await UnmarkedAsync(sessionId, cancellationToken);
        var saved = 0;
        foreach (var personId in unmarked)
            if ((await RecordAsync(sessionId, personId, AttendanceStatus.Present, 0, staffId, AttendanceSource.Tablet, cancellationToken: cancellationToken, audited: false)).Outcome == AttendanceOutcome.Saved)
                saved++;
        // One action, one row: who was marked is the roster's to show.
        if (saved > 0)
            await unitOfWork.RunAsync(async ct =>
            {
                var session = await db.Sessions.AsNoTracking().Include(s => s.Course).FirstAsync(s => s.Id == sessionId, ct);
                audit.Record(Actor.StaffOrResident(staffId), Audit.AuditAction.AttendanceEveryone,
                    Audit.AuditTarget.Of(session, session.Course!.Title, PeopleDates.ShortDate(clock.ToLocal(session.StartsAt), "ja")), $"{saved} people");
            }, cancellationToken);
        return saved;
    }

    /// <summary>
    /// Someone at the door, as typed on a roster (a coordinator's or a group leader's — both take the staff rules: a
    /// family name and its reading, the rest optional): checked, then added as <see cref="AddWalkInAsync(int, PersonDetails, string?, CancellationToken)"/>.
    /// </summary>
    public async Task<WalkInResult> AddWalkInAsync(int sessionId, PersonInput input, string? staffId, CancellationToken cancellationToken = default)
    {
        var year = clock.Today.Year;
        var problems = input.Problems(PersonRules.Staff, year).ToList();
        var name = $"{input.FamilyName} {input.GivenName}".Trim();
        if (problems.Count > 0) return new WalkInResult(problems, null, name);
        var result = await AddWalkInAsync(sessionId, input.ToDetails(year), staffId, cancellationToken);
        return new WalkInResult([], result.Outcome, name);
    }

    /// <summary>Someone who came without registering: recorded as a person, registered (walk-in), and marked present.</summary>
    public async Task<AttendanceResult> AddWalkInAsync(int sessionId, PersonDetails details, string? staffId, CancellationToken cancellationToken = default)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null) return new(AttendanceOutcome.SessionNotFound);
        if (session.Status == SessionStatus.Cancelled) return new(AttendanceOutcome.SessionCancelled);
        if (!session.TakesMarksAt(clock.UtcNow, options.Value.MarksOpenBefore)) return new(AttendanceOutcome.FutureSession);
        var registration = await registrations.RegisterPersonAsync(session.CourseId, details, ContactChannel.WalkIn, staffId, cancellationToken);
        if (registration.Person is null) return new(AttendanceOutcome.NotRegistered);
        var marked = await RecordAsync(sessionId, registration.Person.Id, AttendanceStatus.Present, null, staffId, AttendanceSource.Tablet, cancellationToken: cancellationToken, audited: false);
        // The booking, the mark and (for someone new) the record made at the door: one action, one row.
        await unitOfWork.RunAsync(ct => AuditAsync(Audit.AuditAction.WalkIn, session, registration.Person.Id, staffId,
            registration.IsNewPerson ? "new person" : "on record", ct), cancellationToken);
        return marked;
    }

    /// <summary>
    /// The registration a mark counts for: the person's own on this course, or, for a make-up (振替), their
    /// registration on another run of the same program.
    /// </summary>
    private async Task<(int? RegistrationId, bool IsMakeUp)> RegistrationForAsync(Session session, int personId, CancellationToken cancellationToken)
    {
        var own = await db.Registrations.AsNoTracking()
            .Where(r => r.CourseId == session.CourseId && r.PersonId == personId && r.Status != RegistrationStatus.Cancelled)
            .Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (own is not null) return (own, false);
        var other = await db.Registrations.AsNoTracking()
            .Where(r => r.PersonId == personId && r.Status == RegistrationStatus.Confirmed && r.CourseId != session.CourseId)
            .Where(r => r.Course!.ProgramId == session.Course!.ProgramId && r.Course.Program!.MakeUpAllowed)
            .OrderByDescending(r => r.RegisteredAt)
            .Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken);
        return (other, other is not null);
    }
}
