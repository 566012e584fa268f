using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Staff;
using Training.Time;

namespace Training.Leaders;

/// <summary>A leader's session, or a move of one, waiting for the coordinator's approval.</summary>
/// <param name="IsMove">A proposed move of a session on the schedule (else a new session waiting).</param>
public sealed record PendingSession(int SessionId, int CourseId, string CourseTitle, int Number, DateTime StartsAt, DateTime EndsAt, string Venue, bool IsMove,
    DateTime? ProposedStartsAt, DateTime? ProposedEndsAt, string? ProposedVenue, string? ProposedReason);

/// <summary>What became of a coordinator's decision on a leader's session.</summary>
public abstract record ApprovalDecision
{
    /// <param name="Emails">For an approved move: the notices it sent.</param>
    /// <param name="Approved">For approving every new session at once: how many.</param>
    public sealed record Done(Audience? Told = null, int Approved = 0) : ApprovalDecision;
    /// <summary>The approved move tells these people: the coordinator confirms first.</summary>
    public sealed record NeedsConfirmation(Audience Audience) : ApprovalDecision;
    /// <summary>Nothing waits on that session (decided already, or never asked).</summary>
    public sealed record NothingWaiting : ApprovalDecision;
    /// <summary>The day asked for has come: it can no longer be approved.</summary>
    public sealed record TooLate : ApprovalDecision;
    public sealed record ReasonMissing : ApprovalDecision;
    public sealed record NotFound : ApprovalDecision;
    public sealed record OutOfScope : ApprovalDecision;
}

/// <summary>
/// The coordinator's side of leaders' sessions (issue 28, Deliver 2): whether a group's new or moved sessions wait for
/// approval (the program's setting), what waits, and approving or declining it with a reason the leader reads. An
/// approved move is made through <see cref="SessionChanges"/>, so residents are told as for any move, after the
/// coordinator confirms who. Every decision is audited.
/// </summary>
public class LeaderSessionApprovals(TrainingDbContext db, UnitOfWork unitOfWork, SessionChanges changes, AuditLog audit, SiteClock clock)
{
    /// <summary>Whether the group's new and moved sessions wait for approval; null for a group without sessions.</summary>
    public Task<bool?> NeedsApprovalAsync(LedGroup group, CancellationToken cancellationToken = default) =>
        db.Programs.AsNoTracking().Where(p => p.Id == group.ProgramId).Select(p => (bool?)p.LeaderSessionsNeedApproval).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Sets whether the group's leaders' new and moved sessions wait for approval (on the group's program).</summary>
    public async Task<ApprovalDecision> SetNeedsApprovalAsync(LedGroup group, bool needApproval, ProgramReach reach, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!group.IsKeptBy(reach)) return new ApprovalDecision.OutOfScope();
        if (group.ProgramId is not { } programId) return new ApprovalDecision.NotFound();
        return await unitOfWork.RunAsync<ApprovalDecision>(async ct =>
        {
            var program = await db.Programs.FirstAsync(p => p.Id == programId, ct);
            if (program.SetLeaderSessionsNeedApproval(needApproval))
                audit.Record(actor, AuditAction.LeaderApprovalSetting, AuditTarget.Of(program),
                    $"{group.Name}（{group.Group}） {(needApproval ? "承認してから公開" : "すぐに公開")}");
            return new ApprovalDecision.Done();
        }, cancellationToken);
    }

    /// <summary>Every session of the group waiting for approval, new or moved, by day.</summary>
    public async Task<IReadOnlyList<PendingSession>> PendingAsync(LedGroup group, CancellationToken cancellationToken = default)
    {
        if (group.ProgramId is not { } programId) return [];
        return await Waiting(db.Sessions.AsNoTracking()).Where(s => s.Course!.ProgramId == programId)
            .OrderBy(s => s.ProposedStartsAt ?? s.StartsAt).ThenBy(s => s.Id)
            .Select(s => new PendingSession(s.Id, s.CourseId, s.Course!.Title, s.SequenceNumber, s.StartsAt, s.EndsAt,
                s.Venue == "" ? s.Course.Venue : s.Venue, s.ProposedStartsAt != null, s.ProposedStartsAt, s.ProposedEndsAt, s.ProposedVenue, s.ProposedReason))
            .ToListAsync(cancellationToken);
    }

    /// <summary>How many sessions wait for approval in each of the programs (for the coordinators' monthly summary).</summary>
    public async Task<IReadOnlyDictionary<int, int>> CountsAsync(IReadOnlyCollection<int> programIds, CancellationToken cancellationToken = default) =>
        await Waiting(db.Sessions.AsNoTracking()).Where(s => programIds.Contains(s.Course!.ProgramId))
            .GroupBy(s => s.Course!.ProgramId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    /// <summary>
    /// What waits: a leader's new session, or a move proposed, for a time still to come, of a run still going. One whose
    /// time has passed can no longer be approved, and is counted no more.
    /// </summary>
    private IQueryable<Session> Waiting(IQueryable<Session> sessions)
    {
        var now = clock.UtcNow;
        return sessions.Where(s => ((s.Status == SessionStatus.Pending && s.StartsAt > now) || s.ProposedStartsAt > now) && s.Course!.Status != CourseStatus.Cancelled);
    }

    /// <summary>The new session is on the schedule from now: residents see and book it.</summary>
    public Task<ApprovalDecision> ApproveAsync(LedGroup group, int sessionId, ProgramReach reach, Actor actor, CancellationToken cancellationToken = default) =>
        DecideAsync(group, sessionId, reach, (session, ct) =>
        {
            if (session.StartsAt <= clock.UtcNow) return new ApprovalDecision.TooLate();
            // A run cancelled since the leader planned it takes no new session (its waiting ones are no longer listed).
            if (session.Course!.Status == CourseStatus.Cancelled || !session.Approve()) return new ApprovalDecision.NothingWaiting();
            audit.Record(actor, AuditAction.SessionApprove, Target(session), "");
            return new ApprovalDecision.Done();
        }, cancellationToken);

    /// <summary>
    /// Every new session of the group still waiting, and still to come, is on the schedule from now (each audited as its
    /// own approval): a month planned is approved in one go. Proposed moves are not among them: each tells people.
    /// </summary>
    public async Task<ApprovalDecision> ApproveAllAsync(LedGroup group, ProgramReach reach, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!group.IsKeptBy(reach)) return new ApprovalDecision.OutOfScope();
        if (group.ProgramId is not { } programId) return new ApprovalDecision.NotFound();
        return await unitOfWork.RunAsync<ApprovalDecision>(async ct =>
        {
            var waiting = await Waiting(db.Sessions.Include(s => s.Course))
                .Where(s => s.Course!.ProgramId == programId && s.Status == SessionStatus.Pending).ToListAsync(ct);
            foreach (var session in waiting.Where(s => s.Approve())) audit.Record(actor, AuditAction.SessionApprove, Target(session), "");
            return waiting.Count == 0 ? new ApprovalDecision.NothingWaiting() : new ApprovalDecision.Done(Approved: waiting.Count);
        }, outcome => outcome is ApprovalDecision.Done, cancellationToken);
    }

    /// <summary>The new session will not be held; the leader reads why.</summary>
    public Task<ApprovalDecision> DeclineAsync(LedGroup group, int sessionId, string? reason, ProgramReach reach, Actor actor, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(reason) ? Task.FromResult<ApprovalDecision>(new ApprovalDecision.ReasonMissing())
        : DecideAsync(group, sessionId, reach, (session, ct) =>
        {
            if (!session.Decline(reason)) return new ApprovalDecision.NothingWaiting();
            audit.Record(actor, AuditAction.SessionDecline, Target(session), reason.Trim());
            return new ApprovalDecision.Done();
        }, cancellationToken);

    /// <summary>The proposed move is not made; the session stays as it is and the leader reads why.</summary>
    public Task<ApprovalDecision> DeclineMoveAsync(LedGroup group, int sessionId, string? reason, ProgramReach reach, Actor actor, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(reason) ? Task.FromResult<ApprovalDecision>(new ApprovalDecision.ReasonMissing())
        : DecideAsync(group, sessionId, reach, (session, ct) =>
        {
            if (!session.DeclineProposal(reason)) return new ApprovalDecision.NothingWaiting();
            audit.Record(actor, AuditAction.SessionMoveDecline, Target(session), reason.Trim());
            return new ApprovalDecision.Done();
        }, cancellationToken);

    /// <summary>
    /// Makes the proposed move as a coordinator's own (<see cref="SessionChanges.RescheduleAsync"/>): residents are told
    /// after the coordinator confirms who, and the proposal is gone with the move.
    /// </summary>
    public async Task<ApprovalDecision> ApproveMoveAsync(LedGroup group, int sessionId, bool confirmed, string defaultMoveReason, ProgramReach reach, Actor actor,
        CancellationToken cancellationToken = default)
    {
        if (!group.IsKeptBy(reach)) return new ApprovalDecision.OutOfScope();
        var session = await db.Sessions.AsNoTracking().Include(s => s.Course).FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null || !group.Includes(session.Course!)) return new ApprovalDecision.NotFound();
        if (!session.HasProposal) return new ApprovalDecision.NothingWaiting();
        if (session.ProposedStartsAt <= clock.UtcNow) return new ApprovalDecision.TooLate();
        var start = clock.ToLocal(session.ProposedStartsAt!.Value);
        var move = new SessionMove(DateOnly.FromDateTime(start), TimeOnly.FromDateTime(start), TimeOnly.FromDateTime(clock.ToLocal(session.ProposedEndsAt!.Value)),
            session.ProposedVenue, session.Instructor, session.Topic, session.ProposedReason);
        // The approval and the move are one unit: both recorded, or neither.
        return await unitOfWork.RunAsync<ApprovalDecision>(async ct =>
        {
            switch (await changes.RescheduleAsync(sessionId, move, confirmed, defaultMoveReason, actor, ct))
            {
                case SessionEdit.NeedsConfirmation confirmation: return new ApprovalDecision.NeedsConfirmation(confirmation.Audience);
                case SessionEdit.Saved saved:
                    audit.Record(actor, AuditAction.SessionMoveApprove, Target(session), "");
                    return new ApprovalDecision.Done(saved.Told);
                default: return new ApprovalDecision.NotFound();
            }
        }, outcome => outcome is ApprovalDecision.Done, cancellationToken);
    }

    private async Task<ApprovalDecision> DecideAsync(LedGroup group, int sessionId, ProgramReach reach, Func<Session, CancellationToken, ApprovalDecision> decide,
        CancellationToken cancellationToken)
    {
        if (!group.IsKeptBy(reach)) return new ApprovalDecision.OutOfScope();
        return await unitOfWork.RunAsync(async ct =>
        {
            var session = await db.Sessions.Include(s => s.Course).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
            if (session is null || !group.Includes(session.Course!)) return new ApprovalDecision.NotFound();
            return decide(session, ct);
        }, outcome => outcome is ApprovalDecision.Done, cancellationToken);
    }

    private AuditTarget Target(Session session) =>
        AuditTarget.Of(session, session.Course!.Title, PeopleDates.ShortDate(clock.ToLocal(session.StartsAt), "ja"));
}
