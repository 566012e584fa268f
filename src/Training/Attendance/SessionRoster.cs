using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Registrations;
using Training.Time;

namespace Training.Attendance;

/// <summary>One person on a session's roster, with their mark if they have one.</summary>
/// <param name="BookedAfter">Booked only after the session ended (typed in late): listed to be recorded, never marked in bulk.</param>
public sealed record RosterRow(Person Person, AttendanceRecord? Record, bool IsMakeUp, CompletionAssessment? Assessment, bool Completed, bool BookedAfter = false);

/// <summary>
/// Who reads a roster. A person whose record was deleted (anonymised) stays on staff's rosters and sheets as
/// 「（削除済み）」 — their attendance still counts in the figures staff keep — but a group's leader is not shown them at
/// all, as their session page shows no one deleted (<see cref="Leaders.GroupSessions.RegistrantsAsync"/>).
/// </summary>
public enum RosterReader { Staff, GroupLeader }

/// <summary>
/// Who a session's roster lists, and its printed sign-in sheet (出席簿): read once here for every roster that takes
/// attendance — a coordinator's and a group leader's — so the tablet, the paper and both roles agree.
/// </summary>
public class SessionRoster(TrainingDbContext db, CompletionService completions, SignInSheetPdf pdf, AuditLog audit, SiteClock clock)
{
    /// <summary>Everyone on the roster in furigana order: booked for the session, recorded at it (walk-ins), or making it up.</summary>
    public async Task<IReadOnlyList<RosterRow>> RowsAsync(Session session, RosterReader reader, CancellationToken cancellationToken = default)
    {
        var id = session.Id;
        var records = await db.Attendance.AsNoTracking().Include(a => a.Person).Where(a => a.SessionId == id).ToListAsync(cancellationToken);
        var recorded = records.Select(a => a.PersonId).ToList();
        // Those booked for this session (whenever they booked), and anyone already recorded at it (a walk-in added on purpose).
        var registrations = await Registration.OnRosterOf(db.Registrations.AsNoTracking(), session)
            .Union(db.Registrations.AsNoTracking().Where(r => r.CourseId == session.CourseId && r.Status == RegistrationStatus.Confirmed && recorded.Contains(r.PersonId)))
            .Include(r => r.Person).ToListAsync(cancellationToken);
        var completed = await db.Completions.AsNoTracking().Where(c => c.CourseId == session.CourseId && c.Status == CompletionStatus.Completed)
            .Select(c => c.PersonId).ToListAsync(cancellationToken);
        var kind = await db.Courses.Where(c => c.Id == session.CourseId).Select(c => c.Program!.Kind).FirstAsync(cancellationToken);
        var assessments = kind == ProgramKind.CertificateProgram ? await completions.AssessCourseAsync(session.CourseId, cancellationToken) : [];
        var byPerson = records.ToDictionary(a => a.PersonId);
        var rows = registrations.Select(registration => new RosterRow(registration.Person!, byPerson.GetValueOrDefault(registration.PersonId), false,
            assessments.GetValueOrDefault(registration.Id), completed.Contains(registration.PersonId), registration.BookedAfter(session))).ToList();
        // People making up a missed session from another run appear too.
        foreach (var makeUp in records.Where(a => a.IsMakeUp && rows.All(r => r.Person.Id != a.PersonId)))
            rows.Add(new RosterRow(makeUp.Person!, makeUp, true, null, false));
        if (reader == RosterReader.GroupLeader) rows.RemoveAll(r => r.Person.AnonymisedAt is not null);
        // By code point, as the database orders the printed sign-in sheet: the tablet and the paper agree.
        return rows.OrderBy(r => r.Person.KanaSortKey, StringComparer.Ordinal).ThenBy(r => r.Person.Id).ToList();
    }

    /// <summary>Memos written before a person's mark (<see cref="RosterNote"/>), by person.</summary>
    public async Task<IReadOnlyDictionary<int, string>> WrittenNotesAsync(int sessionId, CancellationToken cancellationToken = default) =>
        await db.RosterNotes.AsNoTracking().Where(n => n.SessionId == sessionId).ToDictionaryAsync(n => n.PersonId, n => n.Note, cancellationToken);

    /// <summary>
    /// The printable sign-in sheet of a session (its course and program loaded), recorded in the audit log as printed by
    /// the actor; null for a cancelled session, which nobody will sign in at (its page says so instead of handing out a sheet).
    /// </summary>
    public async Task<byte[]?> SignInSheetAsync(Session session, Actor actor, RosterReader reader, CancellationToken cancellationToken = default)
    {
        if (session.Status == SessionStatus.Cancelled) return null;
        var id = session.Id;
        var program = session.Course!.Program ?? await db.Programs.AsNoTracking().FirstAsync(p => p.Id == session.Course.ProgramId, cancellationToken);
        // Everyone the roster lists: booked for this session (whenever), and anyone recorded at it (walk-ins, make-ups).
        var booked = Registration.OnRosterOf(db.Registrations.AsNoTracking(), session).Select(r => r.PersonId);
        var recorded = db.Attendance.AsNoTracking().Where(a => a.SessionId == id).Select(a => a.PersonId);
        var listed = db.People.AsNoTracking().Where(p => booked.Contains(p.Id) || recorded.Contains(p.Id));
        if (reader == RosterReader.GroupLeader) listed = listed.Where(p => p.AnonymisedAt == null);
        var people = await listed
            .OrderBy(p => p.KanaSortKey).ThenBy(p => p.Id)
            .Select(p => new { p.FamilyName, p.GivenName, p.FamilyNameKana, p.GivenNameKana,
                Note = db.Attendance.Where(a => a.SessionId == id && a.PersonId == p.Id).Select(a => a.Note).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var lines = people.Select(p => new SignInSheetLine($"{p.FamilyNameKana} {p.GivenNameKana}".Trim(), $"{p.FamilyName} {p.GivenName}".Trim(), p.Note)).ToList();
        var start = clock.ToLocal(session.StartsAt);
        var bytes = pdf.Render(program.Name, session.Course.Title, session.SequenceNumber, start, clock.ToLocal(session.EndsAt), session.EffectiveVenue, lines);
        await audit.RecordAsync(actor, AuditAction.PrintSignInSheet, AuditTarget.Of(session, $"{program.Name} {session.Course.Title}", PeopleDates.Date(start, "ja")),
            $"{lines.Count} people", cancellationToken);
        return bytes;
    }
}
