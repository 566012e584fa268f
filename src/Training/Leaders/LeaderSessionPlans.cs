using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Time;

namespace Training.Leaders;

/// <summary>What became of a group leader's change to the group's sessions.</summary>
public abstract record LeaderSessionChange
{
    /// <summary>Sessions planned or added; <paramref name="AwaitingApproval"/>: held until a coordinator approves them.</summary>
    public sealed record Planned(int Count, bool AwaitingApproval) : LeaderSessionChange;
    /// <summary>The move was made (residents told), or the cancellation (residents told).</summary>
    public sealed record Done(Audience Told, bool Notified) : LeaderSessionChange;
    /// <summary>The move waits for a coordinator's approval; the session stays as it was meanwhile.</summary>
    public sealed record Proposed : LeaderSessionChange;
    /// <summary>A session still waiting for approval was withdrawn: nobody had seen it.</summary>
    public sealed record Withdrawn : LeaderSessionChange;
    /// <summary>The change would tell these people: the leader sees who, and confirms first.</summary>
    public sealed record NeedsConfirmation(Audience Audience) : LeaderSessionChange;
    /// <summary>A run or session outside the leader's group (asked for by its id).</summary>
    public sealed record NotTheGroups : LeaderSessionChange;
    public sealed record NotFound : LeaderSessionChange;
    /// <summary>The run is a draft, cancelled or finished: the coordinator must open one.</summary>
    public sealed record RunNotOpen : LeaderSessionChange;
    /// <summary>A date asked for is now or earlier (compared as instants).</summary>
    public sealed record InThePast(DateTime StartsAt) : LeaderSessionChange;
    /// <summary>The session has begun or is over: the leader neither moves nor cancels it.</summary>
    public sealed record AlreadyHeld : LeaderSessionChange;
    /// <summary>Another session of the group's program meets at those hours.</summary>
    public sealed record Overlaps(DateTime StartsAt, Session Other) : LeaderSessionChange;
    /// <summary>The session is not on (cancelled, declined): nothing to change.</summary>
    public sealed record NotOn : LeaderSessionChange;
    public sealed record NothingPlanned : LeaderSessionChange;
    public sealed record EndsBeforeStart : LeaderSessionChange;
    public sealed record ReasonMissing : LeaderSessionChange;
    /// <summary>The one extra session was refused for a reason of the run's own (<see cref="SessionAddition"/>).</summary>
    public sealed record Refused(SessionAddition Addition) : LeaderSessionChange;
}

/// <summary>
/// A group leader's use cases on the group's sessions (issue 28, Deliver 2): plan them by a monthly rule, add one on a
/// chosen day, move or cancel one. Only runs of the group's program (<see cref="LedGroup.Includes"/>), open ones, for
/// days still to come, never meeting at once with another of the program's sessions. Where the program says so
/// (<see cref="TrainingProgram.LeaderSessionsNeedApproval"/>) new sessions wait for a coordinator's approval and a move
/// is held as a proposal; a cancellation always takes effect at once (a session that cannot happen must not wait).
/// Moves and cancellations that tell residents go through <see cref="SessionChanges"/>, confirmation first.
/// </summary>
public class LeaderSessionPlans(TrainingDbContext db, UnitOfWork unitOfWork, SessionPlanning planning, ExtraSessions extras, SessionChanges changes,
    AuditLog audit, SiteClock clock)
{
    /// <summary>The group's runs a leader may plan sessions on: open (not a draft, not cancelled, not finished), the latest first.</summary>
    public async Task<IReadOnlyList<Course>> OpenRunsAsync(LedGroup group, CancellationToken cancellationToken = default)
    {
        if (group.ProgramId is not { } programId) return [];
        return await db.Courses.AsNoTracking().Where(c => c.ProgramId == programId && Open.Contains(c.Status))
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).ToListAsync(cancellationToken);
    }

    private static readonly CourseStatus[] Open = [CourseStatus.Open, CourseStatus.Closed];

    /// <summary>Creates the sessions of a monthly plan on one of the group's open runs, each day checked first.</summary>
    public async Task<LeaderSessionChange> PlanAsync(LedGroup group, int courseId, PlannedSessions planned, Actor actor, CancellationToken cancellationToken = default)
    {
        if (planned.Plan.Dates.Count == 0) return new LeaderSessionChange.NothingPlanned();
        if (planned.End <= planned.Start) return new LeaderSessionChange.EndsBeforeStart();
        return await unitOfWork.RunAsync<LeaderSessionChange>(async ct =>
        {
            var course = await db.Courses.Include(c => c.Program).Include(c => c.Sessions).FirstOrDefaultAsync(c => c.Id == courseId, ct);
            if (RunRefusal(group, course) is { } refusal) return refusal;
            var now = clock.UtcNow;
            foreach (var (_, startsAt, endsAt) in planning.TimesOf(planned))
            {
                if (startsAt <= now) return new LeaderSessionChange.InThePast(startsAt);
                if (await Session.OfProgramOccupying(db.Sessions, course!.ProgramId, startsAt, endsAt).FirstOrDefaultAsync(ct) is { } other)
                    return new LeaderSessionChange.Overlaps(startsAt, other);
            }
            var awaiting = course!.Program!.LeaderSessionsNeedApproval;
            var sessions = planning.PlanOn(course, planned, actor, awaiting ? "（承認待ち）" : "");
            if (awaiting) foreach (var session in sessions) session.HoldForApproval();
            return new LeaderSessionChange.Planned(sessions.Count, awaiting);
        }, outcome => outcome is LeaderSessionChange.Planned, cancellationToken);
    }

    /// <summary>Adds one session on a chosen day (<see cref="ExtraSessions"/>, as a leader: see its <c>byLeader</c>).</summary>
    public async Task<LeaderSessionChange> AddOneAsync(LedGroup group, int courseId, ExtraSessionInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        var course = await db.Courses.AsNoTracking().FirstOrDefaultAsync(c => c.Id == courseId, cancellationToken);
        if (RunRefusal(group, course) is { } refusal) return refusal;
        return await extras.AddAsync(courseId, input, actor, cancellationToken: cancellationToken, byLeader: true) switch
        {
            SessionAddition.Added added => new LeaderSessionChange.Planned(1, added.Session.Status == SessionStatus.Pending),
            SessionAddition.InThePast => new LeaderSessionChange.InThePast(clock.ToUtc(input.Date!.Value, input.Start!.Value)),
            SessionAddition.Overlaps overlaps => new LeaderSessionChange.Overlaps(clock.ToUtc(input.Date!.Value, input.Start!.Value), overlaps.Other),
            SessionAddition.NotFound => new LeaderSessionChange.NotFound(),
            var other => new LeaderSessionChange.Refused(other),
        };
    }

    /// <summary>
    /// Moves a session of the group still to come. One waiting for approval simply moves (nobody has seen it); one on the
    /// schedule is moved at once where the group needs no approval (residents told, after the leader confirms who), and
    /// otherwise held as a proposal for a coordinator.
    /// </summary>
    public async Task<LeaderSessionChange> MoveAsync(LedGroup group, int sessionId, SessionMove move, bool confirmed, string defaultMoveReason, Actor actor,
        CancellationToken cancellationToken = default)
    {
        if (move.End <= move.Start) return new LeaderSessionChange.EndsBeforeStart();
        var session = await db.Sessions.AsNoTracking().Include(s => s.Course!).ThenInclude(c => c.Program).FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (SessionRefusal(group, session) is { } refusal) return refusal;
        var startsAt = clock.ToUtc(move.Date, move.Start);
        var endsAt = clock.ToUtc(move.Date, move.End);
        var changesTime = (startsAt, endsAt) != (session!.StartsAt, session.EndsAt);
        if (changesTime && startsAt <= clock.UtcNow) return new LeaderSessionChange.InThePast(startsAt);
        if (await Session.OfProgramOccupying(db.Sessions, session.Course!.ProgramId, startsAt, endsAt, session.Id).FirstOrDefaultAsync(cancellationToken) is { } other)
            return new LeaderSessionChange.Overlaps(startsAt, other);

        if (session.Status == SessionStatus.Scheduled && session.Course.Program!.LeaderSessionsNeedApproval && session.IsNewsFor(startsAt, endsAt, move.Venue))
            return await unitOfWork.RunAsync<LeaderSessionChange>(async ct =>
            {
                var tracked = await db.Sessions.Include(s => s.Course).FirstAsync(s => s.Id == sessionId, ct);
                tracked.Propose(startsAt, endsAt, move.Venue, move.Reason);
                audit.Record(actor, AuditAction.SessionMovePropose, AuditTarget.Of(tracked, tracked.Course!.Title, PeopleDates.ShortDate(clock.ToLocal(session.StartsAt), "ja")),
                    $"→ {PeopleDates.ShortDate(clock.ToLocal(startsAt), "ja")} {PeopleDates.TimeRange(clock.ToLocal(startsAt), clock.ToLocal(endsAt), "ja")} {move.Venue?.Trim()}".TrimEnd()
                    + (string.IsNullOrWhiteSpace(move.Reason) ? "" : $"; {move.Reason.Trim()}"));
                return new LeaderSessionChange.Proposed();
            }, cancellationToken);

        return await changes.RescheduleAsync(sessionId, move, confirmed, defaultMoveReason, actor, cancellationToken) switch
        {
            SessionEdit.Saved saved => new LeaderSessionChange.Done(saved.Told, saved.Moved),
            SessionEdit.NeedsConfirmation confirmation => new LeaderSessionChange.NeedsConfirmation(confirmation.Audience),
            SessionEdit.EndsBeforeStart => new LeaderSessionChange.EndsBeforeStart(),
            _ => new LeaderSessionChange.NotFound(),
        };
    }

    /// <summary>
    /// Cancels a session of the group still to come, at once and whatever the group's setting: residents told (after the
    /// leader confirms who) through <see cref="SessionChanges.CancelAsync"/>. A session still waiting for approval is
    /// withdrawn instead — nobody saw it, so nobody is told.
    /// </summary>
    public async Task<LeaderSessionChange> CancelAsync(LedGroup group, int sessionId, string? reason, bool confirmed, Actor actor,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) return new LeaderSessionChange.ReasonMissing();
        var session = await db.Sessions.AsNoTracking().Include(s => s.Course).FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (SessionRefusal(group, session) is { } refusal) return refusal;
        if (session!.Status == SessionStatus.Pending)
            return await unitOfWork.RunAsync<LeaderSessionChange>(async ct =>
            {
                var tracked = await db.Sessions.Include(s => s.Course).FirstAsync(s => s.Id == sessionId, ct);
                if (!tracked.Decline(reason)) return new LeaderSessionChange.NotOn();
                audit.Record(actor, AuditAction.SessionWithdraw, AuditTarget.Of(tracked, tracked.Course!.Title, PeopleDates.ShortDate(clock.ToLocal(tracked.StartsAt), "ja")),
                    reason.Trim());
                return new LeaderSessionChange.Withdrawn();
            }, outcome => outcome is LeaderSessionChange.Withdrawn, cancellationToken);

        return await changes.CancelAsync(sessionId, reason, confirmed, actor, cancellationToken) switch
        {
            SessionCancellation.Cancelled cancelled => new LeaderSessionChange.Done(cancelled.Told, true),
            SessionCancellation.NeedsConfirmation confirmation => new LeaderSessionChange.NeedsConfirmation(confirmation.Audience),
            SessionCancellation.ReasonMissing => new LeaderSessionChange.ReasonMissing(),
            SessionCancellation.AlreadyCancelled => new LeaderSessionChange.NotOn(),
            _ => new LeaderSessionChange.NotFound(),
        };
    }

    /// <summary>Why the leader may not plan on this run: not the group's, not open; null when they may.</summary>
    private static LeaderSessionChange? RunRefusal(LedGroup group, Course? course) =>
        course is null ? new LeaderSessionChange.NotFound()
        : !group.Includes(course) ? new LeaderSessionChange.NotTheGroups()
        : !Open.Contains(course.Status) ? new LeaderSessionChange.RunNotOpen()
        : null;

    /// <summary>Why the leader may not change this session: not the group's, begun or over, not on; null when they may.</summary>
    private LeaderSessionChange? SessionRefusal(LedGroup group, Session? session) =>
        session is null ? new LeaderSessionChange.NotFound()
        : !group.Includes(session.Course!) ? new LeaderSessionChange.NotTheGroups()
        : session.StartsAt <= clock.UtcNow ? new LeaderSessionChange.AlreadyHeld()
        : session.Status is not (SessionStatus.Scheduled or SessionStatus.Pending) ? new LeaderSessionChange.NotOn()
        : null;
}
