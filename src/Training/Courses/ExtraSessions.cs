using Microsoft.EntityFrameworkCore;
using Training.Attendance;
using Training.Audit;
using Training.Data;
using Training.People;
using Training.Registrations;
using Training.Text;
using Training.Time;

namespace Training.Courses;

/// <summary>What became of adding one session on a chosen day (<see cref="Course.AddSession"/>).</summary>
public abstract record SessionAddition
{
    /// <param name="MovedFrom">The first number that moved down one (the extra session's own), or null when it came last.</param>
    public sealed record Added(Session Session, int? MovedFrom) : SessionAddition;
    public sealed record Invalid(IReadOnlyList<CourseProblem> Problems) : SessionAddition;
    /// <summary>It would start now or earlier: a session is added for a day still to come.</summary>
    public sealed record InThePast : SessionAddition;
    public sealed record EndsBeforeStart : SessionAddition;
    /// <summary>Another session of the run still on meets at that time.</summary>
    public sealed record Overlaps(Session Other) : SessionAddition;
    /// <summary>
    /// A later session holds a record by its number (a register, a mark, a make-up attended for it): numbering it
    /// down would make the record say something else, so the extra session cannot go before it.
    /// </summary>
    public sealed record BeforeRecordedSession(Session Recorded) : SessionAddition;
    public sealed record CourseCancelled : SessionAddition;
    public sealed record NotFound : SessionAddition;
    /// <summary>
    /// On a certificate course the session counts towards completion: these people, complete by the rule until now, would
    /// no longer be. Nothing is added until staff confirm for exactly this many.
    /// </summary>
    public sealed record CostsCompletions(IReadOnlyList<Person> People) : SessionAddition;
}

/// <summary>One extra session as the coordinator types it: the day, the times, and the place (the course's when left empty).</summary>
public sealed class ExtraSessionInput
{
    public DateOnly? Date { get; set; }
    public TimeOnly? Start { get; set; }
    public TimeOnly? End { get; set; }
    public string? Venue { get; set; }
    public string? Instructor { get; set; }
    public string? Topic { get; set; }

    public static class Messages
    {
        public const string DateMissing = "日付を入力してください。";
        public const string StartMissing = "開始時刻を入力してください。";
        public const string EndMissing = "終了時刻を入力してください。";
        public const string EndBeforeStart = "終了時刻は開始時刻より後にしてください。";
        public const string TooLong = "長すぎます。短くしてください。";
        public static IEnumerable<string> All => typeof(Messages).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
    }

    public IEnumerable<CourseProblem> Problems()
    {
        if (Date is null) yield return new(nameof(Date), Messages.DateMissing);
        if (Start is null) yield return new(nameof(Start), Messages.StartMissing);
        if (End is null) yield return new(nameof(End), Messages.EndMissing);
        else if (Start is not null && End <= Start) yield return new(nameof(End), Messages.EndBeforeStart);
        foreach (var (field, text, limit) in new[] { (nameof(Venue), Venue, 200), (nameof(Instructor), Instructor, 200), (nameof(Topic), Topic, 400) })
        {
            if (text?.Trim().Length > limit) yield return new(field, Messages.TooLong);
            // Printed on the schedule, rosters and sign-in sheets.
            else if (PrintableText.Problem(text) is { } unprintable) yield return new(field, unprintable);
        }
    }
}

/// <summary>
/// Adds one session to a run on a chosen day, beside the sessions a monthly rule made: numbered in date order, later
/// sessions and bookings by the session moved down one with it, audited ("session-add"), the public schedule's cache
/// moved on, and — for a certificate course, where the session counts towards completion — every completion of the run
/// derived again, after staff confirmed whom that leaves short of the rule. Nobody is notified: those booked see it on
/// their page and get its reminder like any other session.
/// </summary>
public class ExtraSessions(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, CompletionService completions, SiteClock clock)
{
    /// <param name="confirmedLosses">How many people staff confirmed would no longer complete (<see cref="SessionAddition.CostsCompletions"/>).</param>
    /// <param name="byLeader">Added by the group's leader: not at the hours of any session of the program's runs, and
    /// held for a coordinator's approval when the program says so (<see cref="TrainingProgram.LeaderSessionsNeedApproval"/>).</param>
    public async Task<SessionAddition> AddAsync(int courseId, ExtraSessionInput input, Actor actor, int? confirmedLosses = null,
        CancellationToken cancellationToken = default, bool byLeader = false)
    {
        var problems = input.Problems().ToList();
        if (problems.Count > 0) return new SessionAddition.Invalid(problems);
        var startsAt = clock.ToUtc(input.Date!.Value, input.Start!.Value);
        var endsAt = clock.ToUtc(input.Date.Value, input.End!.Value);

        var certificates = false;
        var outcome = await unitOfWork.RunAsync<SessionAddition>(async ct =>
        {
            // Bookings by the session move with the numbers: nobody books while they do.
            await unitOfWork.LockAsync(LockScope.CourseSeats, courseId, ct);
            var course = await db.Courses.Include(c => c.Program).Include(c => c.Sessions).FirstOrDefaultAsync(c => c.Id == courseId, ct);
            if (course is null) return new SessionAddition.NotFound();
            certificates = course.Program!.IssuesCertificate;
            var before = certificates ? await completions.AssessCourseAsync(courseId, ct) : [];
            // Left empty, or the course's own: the session meets where the course does, also after the course's venue is corrected.
            var venue = input.Venue?.Trim() is { Length: > 0 } typed && typed != course.Venue ? typed : "";
            var result = course.AddSession(startsAt, endsAt, venue, input.Instructor ?? "", input.Topic ?? "", clock.UtcNow,
                await RecordedSessionsAsync(course, ct));
            if (result is not SessionAddition.Added added) return result;
            if (byLeader)
            {
                if (await Session.OfProgramOccupying(db.Sessions, course.ProgramId, startsAt, endsAt, added.Session.Id).FirstOrDefaultAsync(ct) is { } other)
                    return new SessionAddition.Overlaps(other);
                if (course.Program.LeaderSessionsNeedApproval) added.Session.HoldForApproval();
            }

            if (added.MovedFrom is { } from)
                foreach (var booking in await db.Registrations.Where(r => r.CourseId == courseId && (r.FromSession >= from || r.UntilSession >= from)).ToListAsync(ct))
                    booking.SessionsMovedDown(from);
            // The run has one session more to count: marked, so a crash before the derivation below is finished on the next start.
            if (certificates) course.MarkCompletionsStale(Tokens.New()[..16]);
            await db.SaveChangesAsync(ct);
            if (certificates && await LosingCompletionAsync(courseId, before, ct) is { Count: > 0 } losing && confirmedLosses != losing.Count)
                return new SessionAddition.CostsCompletions(losing);

            var start = clock.ToLocal(startsAt);
            var where = Session.VenueOf(added.Session.Venue, course.Venue);
            audit.Record(actor, AuditAction.SessionAdd, AuditTarget.Of(added.Session, $"{course.Program!.Name} {course.Title}", PeopleDates.Date(start, "ja")),
                $"{PeopleDates.Date(start, "ja")} {PeopleDates.TimeRange(start, clock.ToLocal(endsAt), "ja")}　{where}"
                + (added.Session.Topic is { Length: > 0 } topic ? $"　{topic}" : "")
                + (added.MovedFrom is { } moved ? $"（第{moved}回から後の回の番号を1つずつ繰り下げ）" : "")
                + (added.Session.Status == SessionStatus.Pending ? "（承認待ち）" : ""));
            return result;
        }, result => result is SessionAddition.Added, cancellationToken);

        if (outcome is SessionAddition.Added && certificates) await completions.DeriveCourseAsync(courseId, cancellationToken);
        return outcome;
    }

    /// <summary>
    /// Who holds a completion the rule gave them before the session was added (saved, not yet committed) and no longer
    /// meets the rule with it: their completion would be withdrawn, or flagged for review once a certificate exists. A
    /// completion the rule never gave (kept after review) is not the rule's to take.
    /// </summary>
    private async Task<IReadOnlyList<Person>> LosingCompletionAsync(int courseId, IReadOnlyDictionary<int, CompletionAssessment> before, CancellationToken ct)
    {
        var after = await completions.AssessCourseAsync(courseId, ct);
        var losing = before.Where(b => b.Value.IsComplete && after.GetValueOrDefault(b.Key) is not { IsComplete: true }).Select(b => b.Key).ToList();
        if (losing.Count == 0) return [];
        return await db.Completions.AsNoTracking()
            .Where(c => c.CourseId == courseId && losing.Contains(c.RegistrationId) && c.Status == CompletionStatus.Completed && c.ReviewKeptAt == null)
            .Select(c => c.Person!).OrderBy(p => p.KanaSortKey).ToListAsync(ct);
    }

    /// <summary>
    /// The sessions of the run whose number a record already stands on: a register taken, a mark made (a notice of
    /// absence given ahead is by the session, not its number, and does not count), or a make-up a participant of the
    /// run already attended at another run's session of that number.
    /// </summary>
    private async Task<IReadOnlyCollection<int>> RecordedSessionsAsync(Course course, CancellationToken ct)
    {
        var notices = new[] { AttendanceSource.ResidentNotice, AttendanceSource.PhoneNotice };
        var marked = await db.Attendance.AsNoTracking()
            .Where(a => a.Session!.CourseId == course.Id && !notices.Contains(a.Source))
            .Select(a => a.SessionId).Distinct().ToListAsync(ct);
        var madeUp = await db.Attendance.AsNoTracking()
            .Where(a => a.IsMakeUp && a.Session!.CourseId != course.Id && a.Registration!.CourseId == course.Id)
            .Select(a => a.Session!.SequenceNumber).Distinct().ToListAsync(ct);
        return marked.Concat(course.Sessions.Where(s => madeUp.Contains(s.SequenceNumber)).Select(s => s.Id)).ToHashSet();
    }
}
