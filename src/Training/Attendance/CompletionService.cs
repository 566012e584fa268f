using Hangfire;
using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;
using Training.Registrations;
using Training.Time;

namespace Training.Attendance;

/// <remarks><see cref="AtSessionEnd"/>: the rule is met by a session still under way; the completion is recorded
/// once it ends (by the hourly check, or the nightly sweep).</remarks>
public enum CompletionChange { None, Completed, Reinstated, Withdrawn, FlaggedForReview, AtSessionEnd }

/// <summary>What became of recording an exception completion (特例), or of taking one back.</summary>
public enum ExceptionOutcome
{
    Recorded, Withdrawn,
    /// <summary>No reason given: nothing recorded.</summary>
    ReasonMissing, ReasonTooLong,
    /// <summary>No confirmed booking of this person on this course (or no such completion).</summary>
    NotFound,
    /// <summary>The person has completed already (by the rule or as an exception).</summary>
    AlreadyCompleted,
    /// <summary>The program has no completion (an open activity).</summary>
    NoCompletionForProgram,
    /// <summary>The course's certificate for this booking was revoked: an exception does not bring it back.</summary>
    CertificateRevoked,
    NotAnException,
    /// <summary>Its certificate has been issued: revoke it (the holder is told) before the exception can be taken back.</summary>
    CertificateIssued,
}

/// <summary>What staff decide about a completion flagged after its certificate (要確認).</summary>
public enum ReviewDecision { Keep, Revoke, Reissue }

/// <summary>
/// Keeps completions in step with attendance. A completion is created once per registration; if attendance later
/// changes so the rule is no longer met, a completion without a certificate is withdrawn, and one with a certificate
/// is flagged for staff to review, never changed silently.
/// </summary>
public class CompletionService(TrainingDbContext db, UnitOfWork unitOfWork, SiteClock clock, Qualifications.QualificationService qualifications,
    Audit.AuditLog audit)
{
    /// <summary>
    /// Records a completion for someone on the course the rule did not complete (特例), with the coordinator's reason —
    /// refused without one. The certificate and any qualification follow as for any completion (the certificate after
    /// its hold, so it can still be taken back with nothing sent). Audited with the reason.
    /// </summary>
    public async Task<ExceptionOutcome> RecordExceptionAsync(int courseId, int registrationId, string? reason, People.Actor actor,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) return ExceptionOutcome.ReasonMissing;
        if (reason.Trim().Length > Completion.ExceptionReasonMaxLength) return ExceptionOutcome.ReasonTooLong;
        return await unitOfWork.RunAsync(async ct =>
        {
            var registration = await db.Registrations.AsNoTracking().Include(r => r.Person).Include(r => r.Course!).ThenInclude(c => c.Program)
                .FirstOrDefaultAsync(r => r.Id == registrationId && r.CourseId == courseId, ct);
            if (registration is not { Status: RegistrationStatus.Confirmed } || registration.Person!.AnonymisedAt is not null) return ExceptionOutcome.NotFound;
            if (registration.Course!.Program!.Kind != ProgramKind.CertificateProgram) return ExceptionOutcome.NoCompletionForProgram;
            var existing = await db.Completions.FirstOrDefaultAsync(c => c.RegistrationId == registrationId, ct);
            if (existing is { Status: CompletionStatus.Completed or CompletionStatus.NeedsReview }) return ExceptionOutcome.AlreadyCompleted;
            if (existing is not null && await db.Certificates.AnyAsync(c => c.CompletionId == existing.Id, ct)) return ExceptionOutcome.CertificateRevoked;

            var completion = Completion.AsException(existing, registrationId, registration.PersonId, courseId, reason, clock.UtcNow);
            if (existing is null) db.Completions.Add(completion);
            audit.Record(actor, Audit.AuditAction.CompletionException, Audit.AuditTarget.OfBooking(registrationId, registration.PersonId, registration.Person.FullName,
                courseId, registration.Course.Title), completion.ExceptionReason!);
            await db.SaveChangesAsync(ct);
            // As for any completion: the certificate once committed (after its hold; the hourly sweep if the job is lost).
            unitOfWork.Enqueue<Certificates.CertificateIssueJob>(job => job.RunAsync(completion.Id, CancellationToken.None));
            await qualifications.ApplyCompletionAsync(completion.Id, ct);
            return ExceptionOutcome.Recorded;
        }, outcome => outcome == ExceptionOutcome.Recorded, cancellationToken);
    }

    /// <summary>
    /// Takes an exception completion back (undo): withdrawn, with what it granted. Refused once its certificate is issued
    /// and valid — that is revoked first, from the ledger, which tells the holder. Audited with the reason it had.
    /// </summary>
    public Task<ExceptionOutcome> WithdrawExceptionAsync(int courseId, int completionId, People.Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var completion = await db.Completions.Include(c => c.Person).Include(c => c.Course)
                .FirstOrDefaultAsync(c => c.Id == completionId && c.CourseId == courseId, ct);
            if (completion is null) return ExceptionOutcome.NotFound;
            if (completion is not { IsException: true, Status: CompletionStatus.Completed }) return ExceptionOutcome.NotAnException;
            if (await db.Certificates.AnyAsync(c => c.CompletionId == completionId && c.RevokedAt == null, ct)) return ExceptionOutcome.CertificateIssued;
            var reason = completion.ExceptionReason!;
            completion.WithdrawException(clock.UtcNow);
            audit.Record(actor, Audit.AuditAction.CompletionExceptionWithdrawn, Audit.AuditTarget.OfBooking(completion.RegistrationId, completion.PersonId,
                completion.Person!.FullName, courseId, completion.Course!.Title), reason);
            await db.SaveChangesAsync(ct);
            await qualifications.ApplyCompletionAsync(completion.Id, ct);
            return ExceptionOutcome.Withdrawn;
        }, outcome => outcome == ExceptionOutcome.Withdrawn, cancellationToken);

    public async Task<CompletionAssessment?> AssessAsync(int registrationId, CancellationToken cancellationToken = default)
    {
        var courseId = await db.Registrations.Where(r => r.Id == registrationId).Select(r => (int?)r.CourseId).FirstOrDefaultAsync(cancellationToken);
        if (courseId is null) return null;
        var assessments = await AssessAsync(courseId.Value, db.Registrations.Where(r => r.Id == registrationId), cancellationToken);
        return assessments.GetValueOrDefault(registrationId);
    }

    /// <summary>Assessments of every confirmed registration on a course in a few queries, for the roster.</summary>
    public Task<Dictionary<int, CompletionAssessment>> AssessCourseAsync(int courseId, CancellationToken cancellationToken = default) =>
        AssessAsync(courseId, db.Registrations.Where(r => r.CourseId == courseId && r.Status == RegistrationStatus.Confirmed), cancellationToken);

    /// <summary>
    /// Who of <paramref name="personIds"/> would complete the course if marked present at this session now: what
    /// "mark everyone present" says before it is confirmed.
    /// </summary>
    public async Task<IReadOnlyList<int>> CompletedIfPresentAsync(int sessionId, IReadOnlyCollection<int> personIds, CancellationToken cancellationToken = default)
    {
        var courseId = await db.Sessions.Where(s => s.Id == sessionId).Select(s => (int?)s.CourseId).FirstOrDefaultAsync(cancellationToken);
        if (courseId is null || personIds.Count == 0) return [];
        var done = await db.Completions.AsNoTracking().Where(c => c.CourseId == courseId && c.Status == CompletionStatus.Completed)
            .Select(c => c.PersonId).ToListAsync(cancellationToken);
        var registrations = db.Registrations.Where(r => r.CourseId == courseId && r.Status == RegistrationStatus.Confirmed && personIds.Contains(r.PersonId));
        var before = await AssessAsync(courseId.Value, registrations, cancellationToken);
        var after = await AssessAsync(courseId.Value, registrations, cancellationToken, (sessionId, personIds));
        var people = await registrations.AsNoTracking().Select(r => new { r.Id, r.PersonId }).ToListAsync(cancellationToken);
        return people.Where(r => after.GetValueOrDefault(r.Id) is { IsComplete: true } && before.GetValueOrDefault(r.Id) is not { IsComplete: true }
                && !done.Contains(r.PersonId))
            .Select(r => r.PersonId).ToList();
    }

    /// <param name="assume">A session at which these people are taken as present where nothing is recorded yet.</param>
    private async Task<Dictionary<int, CompletionAssessment>> AssessAsync(int courseId, IQueryable<Registration> which, CancellationToken cancellationToken,
        (int SessionId, IReadOnlyCollection<int> PersonIds)? assume = null)
    {
        var program = await db.Courses.AsNoTracking().Where(c => c.Id == courseId).Select(c => c.Program!).FirstOrDefaultAsync(cancellationToken);
        if (program is null) return [];
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.CourseId == courseId).OrderBy(s => s.SequenceNumber)
            .Select(s => new { s.Id, s.SequenceNumber, s.StartsAt, s.EndsAt, s.Status }).ToListAsync(cancellationToken);
        var registrations = await which.AsNoTracking().Select(r => new { r.Id, r.PersonId }).ToListAsync(cancellationToken);
        var sessionIds = sessions.Select(s => s.Id).ToList();
        var personIds = registrations.Select(r => r.PersonId).ToList();
        var marks = (await db.Attendance.AsNoTracking().Where(a => sessionIds.Contains(a.SessionId) && personIds.Contains(a.PersonId))
            .Select(a => new { a.SessionId, a.PersonId, a.Status }).ToListAsync(cancellationToken))
            .ToDictionary(a => (a.SessionId, a.PersonId), a => a.Status);
        var registrationIds = registrations.Select(r => r.Id).ToList();
        var makeUps = (await db.Attendance.AsNoTracking()
                .Where(a => a.IsMakeUp && a.RegistrationId != null && registrationIds.Contains(a.RegistrationId.Value))
                .Select(a => new { RegistrationId = a.RegistrationId!.Value, a.Session!.SequenceNumber, a.Session.StartsAt, a.Session.EndsAt, a.Status })
                .ToListAsync(cancellationToken))
            .ToLookup(m => m.RegistrationId);
        var now = clock.UtcNow;
        return registrations.ToDictionary(r => r.Id, r => CompletionRule.Assess(program,
            sessions.Select(s => new SessionAttendance(s.SequenceNumber, DateOnly.FromDateTime(clock.ToLocal(s.StartsAt)), s.Status == SessionStatus.Cancelled,
                s.StartsAt <= now, marks.TryGetValue((s.Id, r.PersonId), out var status) ? status
                    : assume is { } a && a.SessionId == s.Id && a.PersonIds.Contains(r.PersonId) ? AttendanceStatus.Present : null, s.EndsAt)).ToList(),
            makeUps[r.Id].Select(m => new MakeUpAttendance(m.SequenceNumber, DateOnly.FromDateTime(clock.ToLocal(m.StartsAt)), m.Status, m.EndsAt)).ToList(),
            clock.Today));
    }

    /// <summary>
    /// Resolves a completion flagged after its certificate: keep it (the certificate stands and is not flagged again),
    /// revoke the certificate and withdraw the completion (and what it granted), or reissue the certificate and keep it.
    /// One unit, audited with the reason.
    /// </summary>
    /// <returns>False when there was nothing to resolve (not flagged, or no certificate).</returns>
    public Task<bool> ResolveReviewAsync(int completionId, ReviewDecision decision, string reason, People.Actor actor, Certificates.CertificateIssuer issuer,
        CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var completion = await db.Completions.FirstOrDefaultAsync(c => c.Id == completionId, ct);
            var certificate = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.CompletionId == completionId, ct);
            if (completion is not { Status: CompletionStatus.NeedsReview } || certificate is null) return false;
            var now = clock.UtcNow;
            switch (decision)
            {
                case ReviewDecision.Revoke:
                    await issuer.RevokeAsync(certificate.Id, reason, actor.StaffUserId, actor.StaffUserName, ct, Audit.AuditAction.ReviewRevoke);
                    completion.WithdrawAfterReview(reason, now);
                    break;
                case ReviewDecision.Reissue:
                    await issuer.ReissueAsync(certificate.Id, reason, actor.StaffUserId, actor.StaffUserName, ct, Audit.AuditAction.ReviewReissue);
                    completion.KeepAfterReview(reason, now);
                    break;
                default:
                    completion.KeepAfterReview(reason, now);
                    break;
            }
            // Revoke and reissue record their own one row, named as this review; keeping it is recorded here.
            if (decision is not (ReviewDecision.Revoke or ReviewDecision.Reissue))
                audit.Record(actor, Audit.AuditAction.ReviewKeep, Audit.AuditTarget.OfCertificate(certificate.Id, certificate.SerialLabel, completion.PersonId,
                    await db.People.Where(p => p.Id == completion.PersonId).Select(Training.People.Person.FullNameInQuery).FirstAsync(ct),
                    completion.CourseId), $"{certificate.SerialLabel}: {reason.Trim()}");
            await db.SaveChangesAsync(ct);
            if (decision == ReviewDecision.Revoke) await qualifications.ApplyCompletionAsync(completion.Id, ct);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Whether someone booking now could still meet the program's rule: every session already held counts as missed
    /// for them. False for a run too far along — the resident and staff are told before the booking is made.
    /// </summary>
    public async Task<bool> NewcomerCanCompleteAsync(int courseId, CancellationToken cancellationToken = default)
    {
        var program = await db.Courses.AsNoTracking().Where(c => c.Id == courseId).Select(c => c.Program!).FirstOrDefaultAsync(cancellationToken);
        if (program is null || program.CompletionRule == CompletionRuleKind.None) return true;
        var now = clock.UtcNow;
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.CourseId == courseId).OrderBy(s => s.SequenceNumber)
            .Select(s => new { s.SequenceNumber, s.StartsAt, s.Status }).ToListAsync(cancellationToken);
        var assessment = CompletionRule.Assess(program, sessions.Select(s => new SessionAttendance(s.SequenceNumber,
            DateOnly.FromDateTime(clock.ToLocal(s.StartsAt)), s.Status == SessionStatus.Cancelled, s.StartsAt <= now,
            s.StartsAt <= now ? AttendanceStatus.Absent : null)).ToList(), [], clock.Today);
        return assessment.CanStillComplete;
    }

    /// <summary>Re-derives the completion of one registration from the register. Safe to run any number of times.</summary>
    public async Task<CompletionChange> EvaluateAsync(int registrationId, CancellationToken cancellationToken = default) =>
        await AssessAsync(registrationId, cancellationToken) is { } assessment
            ? await ApplyAsync(registrationId, assessment, cancellationToken)
            : CompletionChange.None;

    /// <summary>Brings the registration's completion in line with an assessment the caller already made.</summary>
    public async Task<CompletionChange> ApplyAsync(int registrationId, CompletionAssessment assessment, CancellationToken cancellationToken = default)
    {
        try
        {
            return await unitOfWork.RunAsync(ct => ApplyInUnitAsync(registrationId, assessment, ct), cancellationToken);
        }
        catch (DbUpdateException) when (!unitOfWork.InProgress)
        {
            // Another save may have recorded it first: the unique index keeps it to one.
            if (await db.Completions.AsNoTracking().AnyAsync(c => c.RegistrationId == registrationId, cancellationToken)) return CompletionChange.None;
            throw;
        }
    }

    private async Task<CompletionChange> ApplyInUnitAsync(int registrationId, CompletionAssessment assessment, CancellationToken cancellationToken)
    {
        var registration = await db.Registrations.AsNoTracking().FirstAsync(r => r.Id == registrationId, cancellationToken);
        var completion = await db.Completions.FirstOrDefaultAsync(c => c.RegistrationId == registrationId, cancellationToken);
        var now = clock.UtcNow;
        var qualifies = assessment.IsComplete && registration.Status == RegistrationStatus.Confirmed;

        // Never before its time: a rule met by a session still under way is recorded (or reinstated) at its end, not now.
        if (qualifies && completion is null or { Status: CompletionStatus.Withdrawn } && assessment.EarnedAt is { } due && due > now)
            return CompletionChange.AtSessionEnd;
        if (qualifies && completion is null)
        {
            // Dated by the session that earned it: attendance typed in days later does not move it.
            db.Completions.Add(Completion.ByRule(registrationId, registration.PersonId, registration.CourseId, assessment.EarnedAt ?? now));
            var created = db.ChangeTracker.Entries<Completion>().Single(e => e.State == EntityState.Added).Entity;
            await db.SaveChangesAsync(cancellationToken);
            // The certificate follows in the background, once this is committed; the nightly sweep issues it if the job is lost.
            unitOfWork.Enqueue<Certificates.CertificateIssueJob>(job => job.RunAsync(created.Id, CancellationToken.None));
            await qualifications.ApplyCompletionAsync(created.Id, cancellationToken);
            return CompletionChange.Completed;
        }
        if (qualifies && completion is { Status: CompletionStatus.Completed }
            && !await db.Certificates.AnyAsync(c => c.CompletionId == completion.Id, cancellationToken))
        {
            // A certificate waiting for the run to end: this register (perhaps the closing session's) may be what makes it due.
            unitOfWork.Enqueue<Certificates.CertificateIssueJob>(job => job.RunAsync(completion.Id, CancellationToken.None));
            return CompletionChange.None;
        }
        if (qualifies && completion is { Status: CompletionStatus.Withdrawn })
        {
            completion.Reinstate(now);
            await db.SaveChangesAsync(cancellationToken);
            await qualifications.ApplyCompletionAsync(completion.Id, cancellationToken);
            return CompletionChange.Reinstated;
        }
        // An exception (特例) was recorded for someone the rule does not complete: the rule never takes it back.
        if (!qualifies && completion is { Status: CompletionStatus.Completed, ReviewKeptAt: null, ExceptionReason: null })
        {
            var hasCertificate = await db.Certificates.AnyAsync(c => c.CompletionId == completion.Id, cancellationToken);
            completion.NoLongerMet(hasCertificate, now);
            await db.SaveChangesAsync(cancellationToken);
            if (!hasCertificate) await qualifications.ApplyCompletionAsync(completion.Id, cancellationToken);
            return hasCertificate ? CompletionChange.FlaggedForReview : CompletionChange.Withdrawn;
        }
        return CompletionChange.None;
    }

    /// <summary>
    /// Marks the courses whose attendance is about to change, before the change is saved: a crash between the save and
    /// the derivation leaves the mark, and <see cref="DeriveStaleAsync"/> finishes the work on the next start.
    /// </summary>
    public Task MarkStaleAsync(IReadOnlyCollection<int> registrationIds, CancellationToken cancellationToken = default)
    {
        var mark = Text.Tokens.New()[..16];
        return db.Courses.Where(c => db.Registrations.Any(r => registrationIds.Contains(r.Id) && r.CourseId == c.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CompletionsStaleMark, mark), cancellationToken);
    }

    /// <summary>Marks every run of a program for derivation (its rule changed); returns how many runs it has.</summary>
    public Task<int> MarkProgramStaleAsync(int programId, CancellationToken cancellationToken = default)
    {
        var mark = Text.Tokens.New()[..16];
        return db.Courses.Where(c => c.ProgramId == programId).ExecuteUpdateAsync(s => s.SetProperty(c => c.CompletionsStaleMark, mark), cancellationToken);
    }

    /// <summary>Derives every run of a program again (after its rule changed).</summary>
    public async Task<int> DeriveProgramAsync(int programId, CancellationToken cancellationToken = default)
    {
        var courseIds = await db.Courses.AsNoTracking().Where(c => c.ProgramId == programId).Select(c => c.Id).ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var id in courseIds) changed += await DeriveCourseAsync(id, cancellationToken);
        return changed;
    }

    /// <summary>Derives every completion of one course again, then clears its mark unless attendance changed meanwhile.</summary>
    public async Task<int> DeriveCourseAsync(int courseId, CancellationToken cancellationToken = default)
    {
        var mark = await db.Courses.AsNoTracking().Where(c => c.Id == courseId).Select(c => c.CompletionsStaleMark).FirstOrDefaultAsync(cancellationToken);
        var registrationIds = await db.Registrations.AsNoTracking()
            .Where(r => r.CourseId == courseId && r.Status != RegistrationStatus.Cancelled).Select(r => r.Id).ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var id in registrationIds)
            if (await EvaluateAsync(id, cancellationToken) != CompletionChange.None) changed++;
        if (mark is not null)
            await unitOfWork.RunStatementAsync(ct => db.Courses.Where(c => c.Id == courseId && c.CompletionsStaleMark == mark)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.CompletionsStaleMark, (string?)null), ct), cancellationToken);
        return changed;
    }

    /// <summary>Finishes derivations a stopped process left undone: every course still marked.</summary>
    public async Task<int> DeriveStaleAsync(CancellationToken cancellationToken = default)
    {
        var courseIds = await db.Courses.AsNoTracking().Where(c => c.CompletionsStaleMark != null).Select(c => c.Id).ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var id in courseIds) changed += await DeriveCourseAsync(id, cancellationToken);
        return changed;
    }

    /// <summary>
    /// Hourly: derives the courses a session of which ended within <paramref name="window"/>, so a completion earned in
    /// a session is recorded soon after its end (the nightly sweep is the safety net).
    /// </summary>
    public async Task<int> DeriveJustEndedAsync(TimeSpan window, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        var since = now - window;
        var courseIds = await db.Sessions.AsNoTracking()
            .Where(s => s.Status != SessionStatus.Cancelled && s.EndsAt <= now && s.EndsAt > since
                && s.Course!.Program!.Kind == ProgramKind.CertificateProgram && db.Attendance.Any(a => a.SessionId == s.Id))
            .Select(s => s.CourseId).Distinct().ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var id in courseIds) changed += await DeriveCourseAsync(id, cancellationToken);
        return changed;
    }

    /// <summary>The nightly sweep: re-evaluates every registration on certificate courses with sessions in the window.</summary>
    public async Task<int> SweepAsync(TimeSpan lookBack, CancellationToken cancellationToken = default)
    {
        var since = clock.UtcNow - lookBack;
        var registrationIds = await db.Registrations.AsNoTracking()
            .Where(r => r.Status != RegistrationStatus.Cancelled && r.Course!.Program!.Kind == ProgramKind.CertificateProgram)
            .Where(r => db.Sessions.Any(s => s.CourseId == r.CourseId && s.StartsAt >= since))
            .Select(r => r.Id).ToListAsync(cancellationToken);
        var changed = await DeriveStaleAsync(cancellationToken);
        foreach (var id in registrationIds)
            if (await EvaluateAsync(id, cancellationToken) != CompletionChange.None) changed++;
        return changed;
    }
}
